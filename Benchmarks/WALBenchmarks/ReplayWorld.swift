import Core
import Foundation
import Node
import WAL

/// A data folder with 1,000,000 bookings built through the real engine on a `Node` (durability `.none` only to
/// build fast: the records are the ones the engine logs either way): the catalog of `BookingMix` (1,000 staff), then
/// 1,000 bookings per staff member, six a day (every 105 minutes from 10:00), so none collide; then a snapshot.
enum ReplayWorld {
    static let bookingsPerStaff = 1_000
    static let bookingsPerDay = 6
    static let zone = BookingMix.zone
    static let firstDay = LocalDate(year: 2026, month: 11, day: 28)!
    static let context = CommandContext(
        now: zone.instant(on: LocalDate(year: 2026, month: 11, day: 27)!, at: 0),
        origin: Origin(author: Author(kind: .merchant, id: 1), channel: .backOffice)
    )

    struct Built {
        var bookings: Int
        var records: UInt64
        var seconds: Double
        var snapshotLSN: UInt64
        var snapshotBytes: Int
    }

    struct Salon: Sendable {
        var merchant: MerchantID
        var staff: [StaffID]
        var services: [ServiceID]
        var customers: [CustomerID]
    }

    static var bookingCount: Int { BookingMix.merchantCount * BookingMix.staffPerMerchant * bookingsPerStaff }

    static func build(in directory: String) async throws -> Built {
        var options = NodeOptions()
        options.durability = .none
        // Snapshots prune the log: keep the pruned segments, so that the log-only start can replay every record.
        options.archiveDirectory = directory + "/archive"
        let node = try Node.open(dataDirectory: directory, options: options)
        let started = monotonicSeconds()
        var salons: [Salon] = []
        for index in 0..<BookingMix.merchantCount {
            salons.append(try await makeSalon(index, node.engine))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, salon) in salons.enumerated() {
                for staff in salon.staff.indices {
                    group.addTask {
                        try await book(salon, staff: staff, seed: UInt64(index * 100 + staff), node.engine)
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = monotonicSeconds() - started
        let bookings = node.engine.store.read { $0.ledger.bookings.count }
        guard bookings == bookingCount else { throw BenchmarkError("built \(bookings) bookings, not \(bookingCount)") }
        let snapshot = try node.takeSnapshot()
        let records = node.log.wal.durableLSN
        precondition(snapshot.lsn == records, "the snapshot must cover the whole log")
        await node.close()
        return Built(
            bookings: bookings, records: records, seconds: seconds, snapshotLSN: snapshot.lsn,
            snapshotBytes: snapshot.bytes)
    }

    /// A merchant with its staff (10:00–21:00 every day), services and customers, created through the engine.
    private static func makeSalon(_ index: Int, _ engine: BookingEngine) async throws -> Salon {
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("10:00")!, end: TimeOfDay("21:00")!) }
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "美甲沙龍 \(index)", timeZone: zone.identifier, rules: BookingRules(maxDaysAhead: 365)),
            context
        ).get()
        var salon = Salon(merchant: merchant.id, staff: [], services: [], customers: [])
        for member in 0..<BookingMix.staffPerMerchant {
            let draft = StaffDraft(name: "Nail artist \(member)", workingHours: hours)
            salon.staff.append(try await engine.createStaff(merchantID: merchant.id, draft, context).get().id)
        }
        for (number, shape) in BookingMix.services.enumerated() {
            let draft = ServiceDraft(
                name: ["Gel manicure", "凝膠足部", "Removal + care"][number], durationMinutes: shape.durationMinutes,
                bufferAfterMinutes: shape.bufferAfterMinutes, price: 900 + 300 * number)
            salon.services.append(try await engine.createService(merchantID: merchant.id, draft, context).get().id)
        }
        for customer in 0..<BookingMix.customersPerMerchant {
            let lineUser = "U" + String(format: "%016x%016x", index, customer)
            let draft = CustomerDraft(
                displayName: "客人 \(customer)", lineUserID: lineUser, phone: "09\(10_000_000 + customer)")
            salon.customers.append(try await engine.createCustomer(merchantID: merchant.id, draft, context).get().id)
        }
        return salon
    }

    /// Books one staff member's 1,000 slots, one after another, as the mix says (service, customer, note, origin).
    private static func book(_ salon: Salon, staff: Int, seed: UInt64, _ engine: BookingEngine) async throws {
        var random = BenchmarkRandom(seed: seed)
        for slot in 0..<bookingsPerStaff {
            let customer = salon.customers.randomElement(using: &random)!
            let date = firstDay.adding(days: slot / bookingsPerDay)
            let request = NewBooking(
                merchantID: salon.merchant,
                serviceID: salon.services.randomElement(using: &random)!,
                staffID: salon.staff[staff],
                customerID: customer,
                startsAt: zone.instant(on: date, at: 600 + (slot % bookingsPerDay) * BookingMix.blockMinutesMax),
                note: BookingMix.note(&random)
            )
            var context = context
            context.origin = BookingMix.origin(customer: customer, apiKey: salon.merchant.rawValue + 1, &random)
            _ = try await engine.createBooking(request, context).get()
        }
    }
}
