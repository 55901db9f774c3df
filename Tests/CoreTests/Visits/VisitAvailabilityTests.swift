import Testing

@testable import Core

@Suite("Availability for visits")
struct VisitAvailabilityTests {
    /// On random small salons with a random day of bookings and holds, the starts the engine offers for a random
    /// visit of 2–3 items (back to back or in parallel, some technicians named) are exactly those at which some
    /// choice of technicians — tried one combination after another — fits every item and every resource, minute by
    /// minute; and the technicians it proposes are such a choice.
    @Test("visit starts match a brute-force model", arguments: Array(71...82) as [UInt64])
    func matchesBruteForce(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        var salon = try await Salon.make(staffCount: 3)
        try await salon.addResources(
            chairs: Int.random(in: 1...2, using: &random), lamps: Int.random(in: 1...2, using: &random))
        let context = Salon.merchantContext
        salon.services.append(
            try await salon.engine.createService(
                merchantID: salon.merchant.id,
                ServiceDraft(name: "Removal", durationMinutes: 20, bufferAfterMinutes: 5), context
            ).get())
        // One technician does no pedicures.
        var picky = StaffDraft(salon.staff[2])
        picky.serviceIDs = [salon.services[0].id, salon.services[2].id]
        _ = try await salon.engine.updateStaff(salon.staff[2].id, merchantID: salon.merchant.id, picky, context).get()
        try await salon.fillRandomly(Int.random(in: 5...25, using: &random), random: &random)
        let state = salon.engine.store.read { $0 }
        var compared = 0
        for _ in 0..<4 {
            compared += try await check(salon, state, seed: seed, random: &random)
        }
        #expect(compared > 0, "seed \(seed): no visit fitted anywhere, nothing was compared")
        // What availability offers can be booked, whole.
        let items = [
            VisitItemRequest(serviceID: salon.services[2].id), VisitItemRequest(serviceID: salon.services[0].id),
        ]
        let query = VisitAvailabilityQuery(merchantID: salon.merchant.id, items: items, date: Salon.monday)
        if let slot = try await salon.engine.visitAvailability(query, now: Salon.now).get().randomElement(
            using: &random)
        {
            var request = salon.request(slot.startsAt, service: salon.services[0])
            request.items = items
            let booked = try await salon.engine.createBooking(request, context).get()
            #expect(booked.items.map(\.startsAt) == slot.items.map(\.startsAt), "seed \(seed)")
            await salon.assertNoOverlaps()
        }
    }

    /// Compares one random visit's starts with the model; returns how many starts the model found.
    func check(_ salon: Salon, _ state: EngineState, seed: UInt64, random: inout SeededGenerator) async throws -> Int {
        let parallel = Bool.random(using: &random)
        let items = (0..<Int.random(in: 2...3, using: &random)).map { _ in
            VisitItemRequest(
                serviceID: salon.services.randomElement(using: &random)!.id,
                staffID: Int.random(in: 0..<4, using: &random) == 0
                    ? salon.staff.randomElement(using: &random)!.id : nil)
        }
        let query = VisitAvailabilityQuery(
            merchantID: salon.merchant.id, items: items, parallel: parallel, date: Salon.monday)
        let found = try await salon.engine.visitAvailability(query, now: Salon.now).get()
        let model = Self.bruteForce(query, salon: salon, state: state)
        #expect(Set(found.map(\.startsAt)) == model, "seed \(seed), parallel \(parallel)")
        for slot in found {
            #expect(
                Self.fits(slot.items, parallel: parallel, salon: salon, state: state),
                "seed \(seed) at \(slot.startsAt)")
        }
        return model.count
    }

    /// Every start on the day's 15-minute grid at which some choice of technicians fits.
    static func bruteForce(_ query: VisitAvailabilityQuery, salon: Salon, state: EngineState) -> Set<Instant> {
        let services = query.items.map { state.catalog.services[$0.serviceID]! }
        let staff = state.catalog.staff(of: salon.merchant.id)
        let candidates = zip(query.items, services).map { item, service in
            staff.filter { (item.staffID == nil || item.staffID == $0.id) && $0.canPerform(service) }.map(\.id)
        }
        var found = Set<Instant>()
        for step in 0..<(24 * 4) {
            let start = salon.at(0) + Int64(step * 900)
            let times = VisitPlanner.layout(services, startsAt: start, parallel: query.parallel)
            // Every combination of technicians.
            var choices: [[StaffID]] = [[]]
            for list in candidates { choices = choices.flatMap { prefix in list.map { prefix + [$0] } } }
            for choice in choices {
                let items = (0..<services.count).map { index in
                    VisitItem(
                        serviceID: services[index].id, staffID: choice[index], startsAt: times[index].0,
                        endsAt: times[index].1, bufferBeforeMinutes: services[index].bufferBeforeMinutes,
                        bufferAfterMinutes: services[index].bufferAfterMinutes,
                        resourceNeeds: services[index].resourceNeeds)
                }
                if fits(items, parallel: query.parallel, salon: salon, state: state) {
                    found.insert(start)
                    break
                }
            }
        }
        return found
    }

    /// Whether the items, with their technicians, fit the state: working hours, no technician twice at once, no
    /// booking or live hold in the way, every resource within capacity minute by minute.
    static func fits(_ items: [VisitItem], parallel: Bool, salon: Salon, state: EngineState) -> Bool {
        let now = Salon.now
        if parallel && Set(items.map(\.staffID)).count != items.count { return false }
        let bookings = state.ledger.bookings.values.filter { $0.status == .confirmed }
        let holds = state.ledger.holds.values.filter { $0.isLive(at: now) }
        for item in items {
            guard let staff = state.catalog.staff[item.staffID],
                WorkingTime.covers(item.blockedRange, staff: staff, zone: salon.merchant.zone)
            else { return false }
            if bookings.contains(where: {
                $0.staffRanges.contains { $0.0 == item.staffID && $0.1.overlaps(item.blockedRange) }
            })
                || holds.contains(where: { $0.staffID == item.staffID && $0.blockedRange.overlaps(item.blockedRange) })
            {
                return false
            }
        }
        let existing = bookings.flatMap(\.resourceUses) + holds.flatMap(\.resourceUses)
        let wanted = items.flatMap(\.resourceUses)
        for use in wanted {
            let capacity = state.catalog.resources[use.resourceID]?.capacity ?? 0
            for second in stride(from: use.range.start.secondsSinceEpoch, to: use.range.end.secondsSinceEpoch, by: 60) {
                let users = (existing + wanted).filter {
                    $0.resourceID == use.resourceID && $0.range.start.secondsSinceEpoch <= second
                        && second < $0.range.end.secondsSinceEpoch
                }.count
                if users > capacity { return false }
            }
        }
        return true
    }
}
