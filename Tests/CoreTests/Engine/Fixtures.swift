import Testing

@testable import Core

/// A salon ready for booking tests: one merchant, staff with hours, services and a customer.
struct Salon {
    let engine: BookingEngine
    let log: InMemoryEventLog
    let merchant: Merchant
    var staff: [Staff] = []
    var services: [Service] = []
    var customer: Customer
    var resources: [Resource] = []

    static let monday = LocalDate(year: 2026, month: 11, day: 30)!
    /// 2026-11-27 00:00 in Taipei: the tests' "now" unless they say otherwise.
    static let now = ZoneRules(identifier: "Asia/Taipei")!.instant(
        on: LocalDate(year: 2026, month: 11, day: 27)!, at: 0)

    static let merchantContext = CommandContext(
        now: now, origin: Origin(author: Author(kind: .merchant, id: 1), channel: .api))

    /// 10:00–14:00 and 15:00–20:00 every day (a lunch break), in the merchant's zone.
    static let openingHours: [WorkingWindow] = (1...7).flatMap { weekday in
        [
            WorkingWindow(weekday: weekday, start: TimeOfDay("10:00")!, end: TimeOfDay("14:00")!),
            WorkingWindow(weekday: weekday, start: TimeOfDay("15:00")!, end: TimeOfDay("20:00")!),
        ]
    }

    static func make(
        timeZone: String = "Asia/Taipei",
        staffCount: Int = 2,
        rules: BookingRules = BookingRules(),
        slotMinutes: Int = 15,
        keepsEvents: Bool = false
    ) async throws -> Salon {
        let (engine, log) = BookingEngine.inMemory(keepsEvents: keepsEvents)
        let context = merchantContext
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "Nail Studio 小美", timeZone: timeZone, slotMinutes: slotMinutes, rules: rules),
            context
        ).get()
        let customer = try await engine.createCustomer(
            merchantID: merchant.id,
            CustomerDraft(displayName: "王小姐", lineUserID: "U0001"),
            context
        ).get()
        var salon = Salon(engine: engine, log: log, merchant: merchant, customer: customer)
        let names = ["小美", "Aiko", "Ploy", "Mina", "Yuki", "Lin", "Kai", "Nori", "Suda", "Hana"]
        for index in 0..<staffCount {
            let staff = try await engine.createStaff(
                merchantID: merchant.id,
                StaffDraft(name: names[index % names.count], workingHours: openingHours),
                context
            ).get()
            salon.staff.append(staff)
        }
        salon.services.append(
            try await engine.createService(
                merchantID: merchant.id,
                ServiceDraft(name: "Gel manicure", durationMinutes: 60, price: 1200),
                context
            ).get()
        )
        salon.services.append(
            try await engine.createService(
                merchantID: merchant.id,
                ServiceDraft(
                    name: "Pedicure",
                    durationMinutes: 90,
                    bufferBeforeMinutes: 15,
                    bufferAfterMinutes: 15,
                    price: 1800
                ),
                context
            ).get()
        )
        return salon
    }

    /// Two shared resources — 2 pedicure chairs, 1 UV lamp — used by the services: the pedicure takes a chair for
    /// its whole duration, the gel manicure the lamp for its last 20 minutes.
    mutating func addResources(chairs: Int = 2, lamps: Int = 1) async throws {
        let context = Salon.merchantContext
        let chair = try await engine.createResource(
            merchantID: merchant.id, ResourceDraft(name: "Pedicure chair", capacity: chairs), context
        ).get()
        let lamp = try await engine.createResource(
            merchantID: merchant.id, ResourceDraft(name: "UV lamp", capacity: lamps), context
        ).get()
        resources = [chair, lamp]
        var gel = ServiceDraft(services[0])
        gel.resourceNeeds = [ResourceNeed(resourceID: lamp.id, offsetMinutes: 40, minutes: 20)]
        services[0] = try await engine.updateService(services[0].id, merchantID: merchant.id, gel, context).get()
        var pedicure = ServiceDraft(services[1])
        pedicure.resourceNeeds = [ResourceNeed(resourceID: chair.id)]
        services[1] = try await engine.updateService(services[1].id, merchantID: merchant.id, pedicure, context).get()
    }

    /// `count` random bookings and holds (refusals ignored) on the test Monday, at 15-minute starts from 10:00, any
    /// service, any technician.
    func fillRandomly(_ count: Int, random: inout SeededGenerator) async throws {
        for _ in 0..<count {
            let minute = 10 * 60 + 15 * Int.random(in: 0..<40, using: &random)
            let start = at(minute / 60, minute % 60)
            let service = services.randomElement(using: &random)!
            let member = staff.randomElement(using: &random)!
            if Bool.random(using: &random) {
                _ = try await book(start, staff: member, service: service)
            } else {
                let hold = NewHold(merchantID: merchant.id, serviceID: service.id, staffID: member.id, startsAt: start)
                _ = try await engine.createHold(hold, Salon.merchantContext)
            }
        }
    }

    /// Every use of a resource in an engine's actor, sorted.
    func resourceUses(_ resource: Resource, in engine: BookingEngine, now: Instant) async -> [BlockedRange] {
        await engine.schedule(of: resource.id).uses(
            from: Instant(secondsSinceEpoch: 0), to: Instant(secondsSinceEpoch: 1 << 40), now: now
        ).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    /// The instant at `hour:minute` on `date` in the merchant's zone.
    func at(_ date: LocalDate, _ hour: Int, _ minute: Int = 0) -> Instant {
        merchant.zone.instant(on: date, at: hour * 60 + minute)
    }

    /// A second merchant in the same engine, with one service: for tenancy checks.
    func otherMerchant() async throws -> (Merchant, Service) {
        let other = try await engine.createMerchant(MerchantDraft(name: "Other salon"), Self.merchantContext).get()
        let service = try await engine.createService(
            merchantID: other.id,
            ServiceDraft(name: "Other service", durationMinutes: 30),
            Self.merchantContext
        ).get()
        return (other, service)
    }

    /// The instant at `hour:minute` on the test Monday.
    func at(_ hour: Int, _ minute: Int = 0) -> Instant { at(Salon.monday, hour, minute) }

    func request(
        _ start: Instant,
        staff: Staff? = nil,
        service: Service? = nil,
        key: String? = nil,
        hold: HoldID? = nil
    ) -> NewBooking {
        NewBooking(
            merchantID: merchant.id,
            serviceID: (service ?? services[0]).id,
            staffID: staff?.id,
            customerID: customer.id,
            startsAt: start,
            holdID: hold,
            idempotencyKey: key
        )
    }

    func book(_ start: Instant, staff: Staff? = nil, service: Service? = nil, context: CommandContext? = nil)
        async throws -> Result<Booking, Rejection>
    {
        try await engine.createBooking(request(start, staff: staff, service: service), context ?? Self.merchantContext)
    }

    /// Every schedule's entries must never overlap among confirmed bookings and live holds.
    func assertNoOverlaps(at now: Instant = Salon.now, sourceLocation: SourceLocation = #_sourceLocation) async {
        for member in staff {
            let ranges = await engine.schedule(of: member.id).blockedRanges(
                from: Instant(secondsSinceEpoch: 0),
                to: Instant(secondsSinceEpoch: Int64(1) << 40),
                now: now
            )
            for (earlier, later) in zip(ranges, ranges.dropFirst()) {
                #expect(
                    earlier.end <= later.start, "overlap in \(member.name)'s schedule", sourceLocation: sourceLocation)
            }
        }
        #expect(engine.store.read { $0.overlappingBookings().isEmpty }, sourceLocation: sourceLocation)
        #expect(engine.store.read { $0.resourcesOverCapacity(now: now).isEmpty }, sourceLocation: sourceLocation)
        for resource in resources {
            let capacity = engine.resource(resource.id, merchantID: merchant.id)?.capacity ?? 0
            for (instant, users) in ResourceLoad.peaks(of: await resourceUses(resource, in: engine, now: now)) {
                #expect(
                    users <= capacity, "\(resource.name) has \(users) users at \(instant)",
                    sourceLocation: sourceLocation)
            }
        }
    }
}

extension Result {
    /// The rejection, if this is a failure.
    var rejection: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
