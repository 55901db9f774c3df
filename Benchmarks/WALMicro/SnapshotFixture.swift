import Core
import Node
import WAL

/// An engine state of 1,000,000 confirmed bookings, built through the engine in memory as BENCHMARKS.md's start-up
/// world is (`WALBenchmarks replay`): 100 merchants × 10 staff (10:00–21:00 daily), 3 services, 50 customers each;
/// 1,000 bookings per staff member, six a day 105 minutes apart, so none collide; 15 % with a note.
enum SnapshotFixture {
    static let merchantCount = 100
    static let staffPerMerchant = 10
    static let bookingsPerStaff = 1_000
    static let bookingCount = merchantCount * staffPerMerchant * bookingsPerStaff
    static let zone = ZoneRules(identifier: "Asia/Taipei")!
    static let firstDay = LocalDate(year: 2026, month: 11, day: 28)!
    static let context = CommandContext(
        now: zone.instant(on: LocalDate(year: 2026, month: 11, day: 27)!, at: 0),
        origin: Origin(author: Author(kind: .merchant, id: 1), channel: .backOffice)
    )

    private struct Salon: Sendable {
        var merchant: MerchantID
        var staff: [StaffID]
        var services: [ServiceID]
        var customers: [CustomerID]
    }

    /// The state, with every booking applied (its `appliedLSN` counts the catalog and booking events).
    static func state() async throws -> EngineState {
        let (engine, _) = BookingEngine.inMemory()
        var salons: [Salon] = []
        for index in 0..<merchantCount {
            salons.append(try await makeSalon(index, engine))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, salon) in salons.enumerated() {
                for staff in salon.staff.indices {
                    group.addTask { try await book(salon, staff: staff, seed: UInt64(index * 100 + staff), engine) }
                }
            }
            try await group.waitForAll()
        }
        let state = engine.store.snapshot()
        precondition(state.ledger.bookings.count == bookingCount, "the world lacks bookings")
        return state
    }

    private static func makeSalon(_ index: Int, _ engine: BookingEngine) async throws -> Salon {
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("10:00")!, end: TimeOfDay("21:00")!) }
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "美甲沙龍 \(index)", timeZone: zone.identifier, rules: BookingRules(maxDaysAhead: 365)),
            context
        ).get()
        var salon = Salon(merchant: merchant.id, staff: [], services: [], customers: [])
        for member in 0..<staffPerMerchant {
            let draft = StaffDraft(name: "Nail artist \(member)", workingHours: hours)
            salon.staff.append(try await engine.createStaff(merchantID: merchant.id, draft, context).get().id)
        }
        for (number, name) in ["Gel manicure", "凝膠足部", "Removal + care"].enumerated() {
            let draft = ServiceDraft(
                name: name, durationMinutes: [60, 90, 45][number], bufferAfterMinutes: [0, 15, 10][number],
                price: 900 + 300 * number)
            salon.services.append(try await engine.createService(merchantID: merchant.id, draft, context).get().id)
        }
        for customer in 0..<50 {
            let draft = CustomerDraft(displayName: "客人 \(customer)", lineUserID: "U\(index)x\(customer)")
            salon.customers.append(try await engine.createCustomer(merchantID: merchant.id, draft, context).get().id)
        }
        return salon
    }

    private static func book(_ salon: Salon, staff: Int, seed: UInt64, _ engine: BookingEngine) async throws {
        var random = SplitMix64(seed: seed)
        for slot in 0..<bookingsPerStaff {
            let customer = salon.customers.randomElement(using: &random)!
            let roll = Int.random(in: 0..<100, using: &random)
            let request = NewBooking(
                merchantID: salon.merchant,
                serviceID: salon.services.randomElement(using: &random)!,
                staffID: salon.staff[staff],
                customerID: customer,
                startsAt: zone.instant(on: firstDay.adding(days: slot / 6), at: 600 + (slot % 6) * 105),
                note: roll < 85 ? "" : RecordFixture.notes[roll % RecordFixture.notes.count]
            )
            var context = context
            context.origin =
                roll < 60
                ? Origin(author: .customer(customer), channel: .line)
                : Origin(author: Author(kind: .merchant, id: salon.merchant.rawValue + 1), channel: .api)
            _ = try await engine.createBooking(request, context).get()
        }
    }
}

/// A scratch folder under /tmp holding one snapshot of the 1M-booking state, and a `SnapshotStore` on it.
struct SnapshotFolder: Sendable {
    let scratch: ScratchDirectory
    let store: SnapshotStore
    /// The snapshot's LSN (the state's `appliedLSN`).
    let lsn: UInt64
    /// The state itself when kept (for the write benchmark); dropped otherwise, so a load's memory is its own.
    let state: EngineState?

    static func make(keepingState: Bool) async throws -> SnapshotFolder {
        let scratch = try ScratchDirectory(under: "/tmp")
        let store = SnapshotStore(directory: scratch.path, storage: PosixStorage())
        let state = try await SnapshotFixture.state()
        try store.write(state, timestampMillis: 0)
        return SnapshotFolder(
            scratch: scratch, store: store, lsn: state.appliedLSN, state: keepingState ? state : nil)
    }
}
