import Testing

@testable import Core

@Suite("Availability with shared resources")
struct ResourceAvailabilityTests {
    /// On random small salons — 3 technicians, 2 resources of capacity 1 or 2, services using them for all or part
    /// of their time, a random day of bookings and holds — the engine's free slots are exactly those a brute-force
    /// model finds by checking every grid start, technician and minute.
    @Test("free slots match a brute-force model", arguments: [51, 52, 53, 54, 55, 56] as [UInt64])
    func matchesBruteForce(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        var salon = try await Salon.make(staffCount: 3)
        try await salon.addResources(
            chairs: Int.random(in: 1...2, using: &random), lamps: Int.random(in: 1...2, using: &random))
        let context = Salon.merchantContext
        // A third service needing both, the chair for its first half only.
        let both = try await salon.engine.createService(
            merchantID: salon.merchant.id,
            ServiceDraft(
                name: "Spa", durationMinutes: 60, bufferAfterMinutes: 15,
                resourceNeeds: [
                    ResourceNeed(resourceID: salon.resources[0].id, minutes: 30),
                    ResourceNeed(resourceID: salon.resources[1].id, offsetMinutes: 15),
                ]), context
        ).get()
        salon.services.append(both)
        try await salon.fillRandomly(Int.random(in: 10...30, using: &random), random: &random)
        let state = salon.engine.store.read { $0 }
        for service in salon.services {
            let query = AvailabilityQuery(merchantID: salon.merchant.id, serviceID: service.id, date: Salon.monday)
            let found = try await salon.engine.availability(query, now: Salon.now).get().slots
            let model = Self.bruteForce(service, salon: salon, state: state)
            #expect(Set(found.map { "\($0.staffID) \($0.startsAt)" }) == model, "seed \(seed), \(service.name)")
            #expect(found.count == model.count, "seed \(seed): a slot twice")
        }
    }

    /// Every (technician, start) on the day's 15-minute grid at which the service fits, found the slow way.
    static func bruteForce(_ service: Service, salon: Salon, state: EngineState) -> Set<String> {
        let now = Salon.now
        let bookings = state.ledger.bookings.values.filter { $0.status == .confirmed }
        let holds = state.ledger.holds.values.filter { $0.isLive(at: now) }
        var found = Set<String>()
        let midnight = salon.at(0)
        for staff in salon.staff where staff.canPerform(service) {
            for step in 0..<(24 * 4) {
                let start = midnight + Int64(step * 900)
                let end = start.adding(minutes: service.durationMinutes)
                let blocked = BlockedRange(
                    start: start.adding(minutes: -service.bufferBeforeMinutes),
                    end: end.adding(minutes: service.bufferAfterMinutes))
                guard WorkingTime.covers(blocked, staff: staff, zone: salon.merchant.zone) else { continue }
                let staffBusy =
                    bookings.contains { $0.staffID == staff.id && $0.blockedRange.overlaps(blocked) }
                    || holds.contains { $0.staffID == staff.id && $0.blockedRange.overlaps(blocked) }
                guard !staffBusy else { continue }
                let resourcesFree = service.resourceNeeds.allSatisfy { need in
                    let range = need.range(startsAt: start, endsAt: end)
                    let capacity = state.catalog.resources[need.resourceID]?.capacity ?? 0
                    let uses = (bookings.flatMap(\.resourceUses) + holds.flatMap(\.resourceUses))
                        .filter { $0.resourceID == need.resourceID }
                    // Minute by minute: the users then, plus this one, within capacity.
                    return stride(from: range.start.secondsSinceEpoch, to: range.end.secondsSinceEpoch, by: 60)
                        .allSatisfy { second in
                            let users = uses.filter {
                                $0.range.start.secondsSinceEpoch <= second && second < $0.range.end.secondsSinceEpoch
                            }.count
                            return users + 1 <= capacity
                        }
                }
                if resourcesFree { found.insert("\(staff.id) \(start)") }
            }
        }
        return found
    }
}
