import Testing

@testable import Core

@Suite("Multi-service visits")
struct VisitTests {
    /// A salon with three technicians, 2 chairs and 1 lamp, and a removal service (20 min, 5 min cleanup).
    static func salon() async throws -> (Salon, removal: Service) {
        var salon = try await Salon.make(staffCount: 3, keepsEvents: true)
        try await salon.addResources()
        let removal = try await salon.engine.createService(
            merchantID: salon.merchant.id, ServiceDraft(name: "Removal", durationMinutes: 20, bufferAfterMinutes: 5),
            Salon.merchantContext
        ).get()
        return (salon, removal)
    }

    static func visit(
        _ salon: Salon, _ start: Instant, _ items: [(Service, Staff?)], parallel: Bool = false
    ) -> NewBooking {
        var request = salon.request(start, staff: items[0].1, service: items[0].0)
        request.items = items.map { VisitItemRequest(serviceID: $0.0.id, staffID: $0.1?.id) }
        request.parallel = parallel
        return request
    }

    @Test("items run back to back, buffers respected, with one technician when one is free throughout")
    func backToBack() async throws {
        let (salon, removal) = try await Self.salon()
        let gel = salon.services[0]
        let request = Self.visit(salon, salon.at(10), [(removal, nil), (gel, nil), (removal, nil)])
        let visit = try await salon.engine.createBooking(request, Salon.merchantContext).get()
        #expect(visit.items.count == 3)
        #expect(visit.items.map(\.startsAt) == [salon.at(10), salon.at(10, 25), salon.at(11, 25)])
        #expect(visit.items.map(\.endsAt) == [salon.at(10, 20), salon.at(11, 25), salon.at(11, 45)])
        #expect(Set(visit.items.map(\.staffID)) == [salon.staff[0].id])
        #expect(visit.startsAt == salon.at(10) && visit.endsAt == salon.at(11, 45))
        #expect(visit.staffID == salon.staff[0].id && visit.serviceID == removal.id)
        // The gel item takes the lamp for its last 20 minutes.
        #expect(visit.resourceUses.map(\.range.start) == [salon.at(11, 5)])
        #expect(salon.engine.store.read { $0.ledger.bookings[visit.id] } == visit)
        await salon.assertNoOverlaps()
    }

    @Test("items in parallel get different technicians; one named twice is refused")
    func parallel() async throws {
        let (salon, _) = try await Self.salon()
        let gel = salon.services[0]
        let pedicure = salon.services[1]
        let visit = try await salon.engine.createBooking(
            Self.visit(salon, salon.at(11), [(gel, nil), (pedicure, nil)], parallel: true), Salon.merchantContext
        ).get()
        #expect(visit.items.map(\.startsAt) == [salon.at(11), salon.at(11)])
        #expect(Set(visit.items.map(\.staffID)).count == 2)
        let twice = try await salon.engine.createBooking(
            Self.visit(salon, salon.at(15), [(gel, salon.staff[2]), (pedicure, salon.staff[2])], parallel: true),
            Salon.merchantContext)
        #expect(twice.rejection?.field == "items")
        // Only one technician left at 11:00: a parallel visit of two cannot fit, and nothing is reserved.
        let full = try await salon.engine.createBooking(
            Self.visit(salon, salon.at(11), [(gel, nil), (gel, nil)], parallel: true), Salon.merchantContext)
        #expect(full.rejection?.code == .overlap)
        let third = salon.staff.first { !visit.staffIDs.contains($0.id) }
        _ = try await salon.book(salon.at(11), staff: third, service: pedicure).get()
        await salon.assertNoOverlaps()
    }

    @Test("all or nothing: when a later item's technician or resource is taken, no item is reserved")
    func allOrNothing() async throws {
        let (salon, removal) = try await Self.salon()
        let gel = salon.services[0]
        let pedicure = salon.services[1]
        let second = try await salon.book(salon.at(10, 30), staff: salon.staff[1], service: gel).get()
        let refused = try await salon.engine.createBooking(
            Self.visit(salon, salon.at(10), [(removal, salon.staff[0]), (gel, salon.staff[1])]), Salon.merchantContext)
        #expect(refused.rejection?.code == .overlap)
        #expect(refused.rejection?.conflictingID == second.id.description)
        // The first item's technician is free again at once.
        _ = try await salon.book(salon.at(10), staff: salon.staff[0], service: removal).get()
        // Both chairs taken: a visit ending with a pedicure is refused whole.
        _ = try await salon.book(salon.at(15, 30), staff: salon.staff[0], service: pedicure).get()
        _ = try await salon.book(salon.at(15, 30), staff: salon.staff[1], service: pedicure).get()
        let noChair = try await salon.engine.createBooking(
            Self.visit(salon, salon.at(15, 15), [(removal, salon.staff[2]), (pedicure, salon.staff[2])]),
            Salon.merchantContext)
        #expect(noChair.rejection?.code == .resourceUnavailable)
        _ = try await salon.book(salon.at(15, 15), staff: salon.staff[2], service: removal).get()
        await salon.assertNoOverlaps()
    }

    @Test("cancel, complete and moves act on the whole visit; a move that cannot fit whole keeps the visit")
    func wholeVisitChanges() async throws {
        let (salon, removal) = try await Self.salon()
        let gel = salon.services[0]
        let context = Salon.merchantContext
        let visit = try await salon.engine.createBooking(
            Self.visit(salon, salon.at(10), [(removal, salon.staff[0]), (gel, salon.staff[1])]), context
        ).get()
        // Moving 30 minutes later: the gel item would meet staff 1's booking at 11:30.
        let blocker = try await salon.book(salon.at(11, 30), staff: salon.staff[1], service: gel).get()
        let refused = try await salon.engine.rescheduleBooking(
            visit.id, merchantID: salon.merchant.id, to: BookingMove(startsAt: salon.at(10, 30)), context)
        #expect(refused.rejection?.code == .overlap && refused.rejection?.conflictingID == blocker.id.description)
        #expect(salon.engine.booking(visit.id, merchantID: salon.merchant.id) == visit)
        let twoTechnicians = try await salon.engine.rescheduleBooking(
            visit.id, merchantID: salon.merchant.id,
            to: BookingMove(startsAt: salon.at(15), staffID: salon.staff[2].id),
            context)
        #expect(twoTechnicians.rejection?.field == "staffId")
        let moved = try await salon.engine.rescheduleBooking(
            visit.id, merchantID: salon.merchant.id, to: BookingMove(startsAt: salon.at(15)), context
        ).get()
        #expect(moved.items.map(\.startsAt) == [salon.at(15), salon.at(15, 25)])
        #expect(moved.items.map(\.staffID) == visit.items.map(\.staffID))
        // The old times are free for both technicians.
        _ = try await salon.book(salon.at(10), staff: salon.staff[0], service: removal).get()
        _ = try await salon.book(salon.at(10), staff: salon.staff[1], service: removal).get()
        _ = try await salon.engine.cancelBooking(visit.id, merchantID: salon.merchant.id, reason: nil, context).get()
        _ = try await salon.book(salon.at(15), staff: salon.staff[0], service: removal).get()
        _ = try await salon.book(salon.at(15, 30), staff: salon.staff[1], service: gel).get()
        await salon.assertNoOverlaps()
        // Replay and snapshots carry the visit's items.
        let live = salon.engine.store.read { $0 }
        #expect(try ReplayTests.replay(salon.log.events).digest() == live.digest())
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(live))
        #expect(decoded.digest() == live.digest() && decoded.ledger.bookings[visit.id]?.items.count == 2)
        for event in salon.log.events { #expect(try EventCodec.decode(EventCodec.encode(event)) == event) }
    }

    @Test("an archived visit keeps its items")
    func archiveKeepsItems() async throws {
        let (salon, removal) = try await Self.salon()
        let visit = try await salon.engine.createBooking(
            Self.visit(salon, salon.at(10), [(removal, nil), (salon.services[0], nil)]), Salon.merchantContext
        ).get()
        let content = ArchiveFormatV1.encode([ArchivedBooking(booking: visit, changes: [])])
        #expect(content.first == 2)
        #expect(try ArchiveFormatV1.decode(content).first?.booking == visit)
        let single = try await salon.book(salon.at(15), service: removal).get()
        #expect(ArchiveFormatV1.encode([ArchivedBooking(booking: single, changes: [])]).first == 1)
    }

    /// 10,000 concurrent visits of 1–3 items (back to back or in parallel, named or any technician) over 5
    /// technicians and 2 resources of capacity 2: afterwards no technician's intervals overlap, no resource is over
    /// capacity at any instant, every acknowledged visit is whole in the state, and every task ends.
    @Test(
        "10,000 concurrent visits: no overlap, no resource over capacity, every visit whole",
        .timeLimit(.minutes(3)), arguments: [61, 62, 63] as [UInt64])
    func concurrentVisits(seed: UInt64) async throws {
        var salon = try await Salon.make(staffCount: 5)
        try await salon.addResources(chairs: 2, lamps: 2)
        let removal = try await salon.engine.createService(
            merchantID: salon.merchant.id, ServiceDraft(name: "Removal", durationMinutes: 20, bufferAfterMinutes: 5),
            Salon.merchantContext
        ).get()
        salon.services.append(removal)
        let fixture = salon
        // Before the storm, on a day of their own: a 3-item visit and a parallel one, checked with the rest after.
        let quiet = Salon.monday.adding(days: 1)
        let before = [
            try await salon.engine.createBooking(
                Self.visit(
                    salon, salon.at(quiet, 10), [(removal, nil), (salon.services[0], nil), (salon.services[1], nil)]),
                Salon.merchantContext
            ).get(),
            try await salon.engine.createBooking(
                Self.visit(
                    salon, salon.at(quiet, 15, 30), [(salon.services[0], nil), (salon.services[1], nil)], parallel: true
                ),
                Salon.merchantContext
            ).get(),
        ]
        var random = SeededGenerator(seed: seed)
        let requests: [NewBooking] = (0..<10_000).map { _ in
            let minute = 10 * 60 + Int.random(in: 0..<(9 * 4), using: &random) * 15
            let count = Int.random(in: 1...3, using: &random)
            let items: [(Service, Staff?)] = (0..<count).map { _ in
                let staff = Int.random(in: 0..<8, using: &random)
                return (fixture.services.randomElement(using: &random)!, staff < 5 ? fixture.staff[staff] : nil)
            }
            if count == 1 {
                return fixture.request(fixture.at(minute / 60, minute % 60), staff: items[0].1, service: items[0].0)
            }
            return Self.visit(
                fixture, fixture.at(minute / 60, minute % 60), items,
                parallel: Int.random(in: 0..<3, using: &random) == 0)
        }
        let outcomes = try await withThrowingTaskGroup(of: Result<Booking, Rejection>.self) { group in
            for request in requests {
                group.addTask { try await fixture.engine.createBooking(request, Salon.merchantContext) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let booked = before + outcomes.compactMap { try? $0.get() }
        // Parallel items, whether or not the storm let any through, always have different technicians.
        for visit in booked where visit.items.count > 1 && visit.items[0].startsAt == visit.items[1].startsAt {
            #expect(Set(visit.items.map(\.staffID)).count == visit.items.count, "seed \(seed)")
        }
        let allowed: Set<Rejection.Code> = [.overlap, .outsideWorkingHours, .resourceUnavailable, .validationFailed]
        #expect(outcomes.compactMap(\.rejection).allSatisfy { allowed.contains($0.code) }, "seed \(seed)")
        for booking in booked {
            let stored = fixture.engine.store.read { $0.ledger.bookings[booking.id] }
            #expect(stored == booking, "seed \(seed): an acknowledged visit is not whole in the state")
        }
        await fixture.assertNoOverlaps()
        // The actors hold exactly the acknowledged visits' intervals.
        for member in fixture.staff {
            let expected = booked.flatMap(\.staffRanges).filter { $0.0 == member.id }.map(\.1)
                .sorted { $0.start < $1.start }
            let actual = await fixture.engine.schedule(of: member.id).blockedRanges(
                from: Instant(secondsSinceEpoch: 0), to: Instant(secondsSinceEpoch: 1 << 40), now: Salon.now)
            #expect(actual == expected, "seed \(seed), \(member.name)")
        }
    }
}
