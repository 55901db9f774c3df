import Core

/// The availability query of BENCHMARKS.md's CoreBenchmarks figure: one merchant with 10 staff working 10:00–20:00
/// every day and a 60-minute service, the day half full (every other hour booked for every staff member, starts
/// staggered by 15 minutes), built through the engine.
struct AvailabilityFixture: Sendable {
    let engine: BookingEngine
    let query: AvailabilityQuery
    let now: Instant

    static let staffCount = 10

    static func make() async throws -> AvailabilityFixture {
        let zone = ZoneRules(identifier: "Asia/Taipei")!
        let today = LocalDate(year: 2026, month: 11, day: 27)!
        let context = CommandContext(
            now: zone.instant(on: today, at: 0),
            origin: Origin(author: Author(kind: .merchant, id: 1), channel: .api)
        )
        let (engine, _) = BookingEngine.inMemory()
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("10:00")!, end: TimeOfDay("20:00")!) }
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "Salon", rules: BookingRules(maxDaysAhead: 365)), context
        ).get()
        var staff: [Staff] = []
        for member in 0..<staffCount {
            let draft = StaffDraft(name: "Staff \(member)", workingHours: hours)
            staff.append(try await engine.createStaff(merchantID: merchant.id, draft, context).get())
        }
        let service = try await engine.createService(
            merchantID: merchant.id, ServiceDraft(name: "Gel", durationMinutes: 60), context
        ).get()
        let customer = try await engine.createCustomer(
            merchantID: merchant.id, CustomerDraft(displayName: "Guest"), context
        ).get()
        let date = today.adding(days: 4)
        for (index, member) in staff.enumerated() {
            for hour in stride(from: 0, to: 10, by: 2) {
                let request = NewBooking(
                    merchantID: merchant.id, serviceID: service.id, staffID: member.id, customerID: customer.id,
                    startsAt: merchant.zone.instant(on: date, at: 600 + (hour * 4 + index % 4) * 15))
                _ = try await engine.createBooking(request, context).get()
            }
        }
        let fixture = AvailabilityFixture(
            engine: engine,
            query: AvailabilityQuery(merchantID: merchant.id, serviceID: service.id, date: date),
            now: context.now
        )
        let slots = await fixture.query()
        precondition(slots == 43, "the half-full day should offer 43 slots, not \(slots)")
        return fixture
    }

    /// One availability query; returns the number of slots offered.
    func query() async -> Int {
        switch await engine.availability(query, now: now) {
        case .success(let availability): return availability.slots.count
        case .failure(let rejection): preconditionFailure("availability rejected: \(rejection)")
        }
    }
}
