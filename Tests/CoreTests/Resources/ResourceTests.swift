import Testing

@testable import Core

@Suite("Shared resources")
struct ResourceTests {
    /// A salon with three technicians, 2 pedicure chairs and 1 UV lamp (see ``Salon/addResources(chairs:lamps:)``).
    static func salon(chairs: Int = 2, lamps: Int = 1) async throws -> Salon {
        var salon = try await Salon.make(staffCount: 3, keepsEvents: true)
        try await salon.addResources(chairs: chairs, lamps: lamps)
        return salon
    }

    @Test("a resource's capacity bounds the bookings using it at once, whoever the technician")
    func capacityBoundsBookings() async throws {
        let salon = try await Self.salon()
        let pedicure = salon.services[1]
        let first = try await salon.book(salon.at(15, 15), staff: salon.staff[0], service: pedicure).get()
        _ = try await salon.book(salon.at(15, 15), staff: salon.staff[1], service: pedicure).get()
        let third = try await salon.book(salon.at(15, 45), staff: salon.staff[2], service: pedicure)
        #expect(third.rejection?.code == .resourceUnavailable)
        #expect(third.rejection?.conflictingID?.hasPrefix("bkg_") == true)
        // "Any technician" stops at once: the chairs are full for everyone.
        #expect(try await salon.book(salon.at(15, 45), service: pedicure).rejection?.code == .resourceUnavailable)
        // When the first pedicures end (16:45) a chair is free again; buffers are the technician's, not the chair's.
        _ = try await salon.book(salon.at(16, 45), staff: salon.staff[2], service: pedicure).get()
        _ = try await salon.engine.cancelBooking(
            first.id, merchantID: salon.merchant.id, reason: nil, Salon.merchantContext
        )
        .get()
        _ = try await salon.book(salon.at(15, 45), staff: salon.staff[0], service: pedicure).get()
        await salon.assertNoOverlaps()
    }

    @Test("a service that uses a resource for part of its time blocks only that part")
    func partialUse() async throws {
        let salon = try await Self.salon()
        let gel = salon.services[0]  // the lamp for its last 20 minutes
        let booked = try await salon.book(salon.at(10), staff: salon.staff[0], service: gel).get()
        #expect(
            booked.resourceUses == [
                ResourceUse(
                    resourceID: salon.resources[1].id, range: BlockedRange(start: salon.at(10, 40), end: salon.at(11)))
            ])
        let clash = try await salon.book(salon.at(10, 15), staff: salon.staff[1], service: gel)
        #expect(clash.rejection?.code == .resourceUnavailable)
        // Touching uses do not overlap: the lamp is free from 11:00.
        let touching = try await salon.book(salon.at(10, 20), staff: salon.staff[1], service: gel)
        #expect(touching.rejection == nil)
        let late = try await salon.book(salon.at(10, 30), staff: salon.staff[2], service: gel)
        #expect(late.rejection?.code == .resourceUnavailable)
        await salon.assertNoOverlaps()
    }

    @Test("capacity 0 takes a resource out of service; raising it takes bookings again")
    func outOfService() async throws {
        let salon = try await Self.salon()
        let chair = salon.resources[0]
        _ = try await salon.engine.updateResource(
            chair.id, merchantID: salon.merchant.id, ResourceDraft(name: chair.name, capacity: 0), Salon.merchantContext
        ).get()
        #expect(try await salon.book(salon.at(11), service: salon.services[1]).rejection?.code == .resourceUnavailable)
        _ = try await salon.engine.updateResource(
            chair.id, merchantID: salon.merchant.id, ResourceDraft(name: chair.name, capacity: 1), Salon.merchantContext
        ).get()
        _ = try await salon.book(salon.at(11), service: salon.services[1]).get()
    }

    @Test("a hold takes its resources until it is confirmed, released or expires")
    func holdsTakeResources() async throws {
        let salon = try await Self.salon(chairs: 1)
        let pedicure = salon.services[1]
        let hold = try await salon.engine.createHold(
            NewHold(
                merchantID: salon.merchant.id, serviceID: pedicure.id, staffID: salon.staff[0].id,
                startsAt: salon.at(11)),
            Salon.merchantContext
        ).get()
        #expect(hold.resourceUses.count == 1)
        #expect(
            try await salon.book(salon.at(11), staff: salon.staff[1], service: pedicure).rejection?.code
                == .resourceUnavailable)
        // Confirming keeps the chair (no window in which another booking could take it).
        let booking = try await salon.engine.createBooking(
            salon.request(salon.at(11), staff: salon.staff[0], service: pedicure, hold: hold.id), Salon.merchantContext
        ).get()
        #expect(booking.resourceNeeds == pedicure.resourceNeeds)
        #expect(
            try await salon.book(salon.at(11), staff: salon.staff[1], service: pedicure).rejection?.code
                == .resourceUnavailable)
        // An expired hold no longer counts.
        let second = try await salon.engine.createHold(
            NewHold(
                merchantID: salon.merchant.id, serviceID: pedicure.id, staffID: salon.staff[1].id,
                startsAt: salon.at(15, 30)),
            Salon.merchantContext
        ).get()
        let later = CommandContext(now: second.expiresAt, origin: Salon.merchantContext.origin)
        _ = try await salon.engine.createBooking(
            salon.request(salon.at(15, 30), staff: salon.staff[2], service: pedicure), later
        )
        .get()
        await salon.assertNoOverlaps(at: second.expiresAt)
    }

    @Test("a move onto a full resource leaves the booking where it was; a move to a free time moves its use")
    func reschedule() async throws {
        let salon = try await Self.salon(chairs: 1)
        let pedicure = salon.services[1]
        let booking = try await salon.book(salon.at(11), staff: salon.staff[0], service: pedicure).get()
        _ = try await salon.book(salon.at(15, 30), staff: salon.staff[1], service: pedicure).get()
        let refused = try await salon.engine.rescheduleBooking(
            booking.id, merchantID: salon.merchant.id, to: BookingMove(startsAt: salon.at(16)), Salon.merchantContext)
        #expect(refused.rejection?.code == .resourceUnavailable)
        #expect(
            await salon.resourceUses(salon.resources[0], in: salon.engine, now: Salon.now).map(\.start) == [
                salon.at(11), salon.at(15, 30),
            ])
        // Moving within its own time (another technician, half an hour later) is fine.
        let moved = try await salon.engine.rescheduleBooking(
            booking.id, merchantID: salon.merchant.id,
            to: BookingMove(startsAt: salon.at(11, 30), staffID: salon.staff[2].id), Salon.merchantContext
        ).get()
        #expect(moved.resourceUses.map(\.range.start) == [salon.at(11, 30)])
        #expect(
            await salon.resourceUses(salon.resources[0], in: salon.engine, now: Salon.now).map(\.start) == [
                salon.at(11, 30), salon.at(15, 30),
            ])
        await salon.assertNoOverlaps()
    }

    @Test("a later menu change does not move the uses of bookings already made")
    func menuChangeKeepsUses() async throws {
        var salon = try await Self.salon()
        let booking = try await salon.book(salon.at(11), staff: salon.staff[0], service: salon.services[0]).get()
        var draft = ServiceDraft(salon.services[0])
        draft.resourceNeeds = []
        salon.services[0] = try await salon.engine.updateService(
            salon.services[0].id, merchantID: salon.merchant.id, draft, Salon.merchantContext
        ).get()
        #expect(salon.engine.booking(booking.id, merchantID: salon.merchant.id)?.resourceUses == booking.resourceUses)
        #expect(booking.resourceUses.count == 1)
    }

    @Test("bad resources and needs are refused with the field named")
    func validation() async throws {
        let salon = try await Self.salon()
        let context = Salon.merchantContext
        let engine = salon.engine
        #expect(
            try await engine.createResource(
                merchantID: salon.merchant.id, ResourceDraft(name: "x", capacity: 101), context
            )
            .rejection?.field == "capacity")
        #expect(
            try await engine.createResource(
                merchantID: salon.merchant.id, ResourceDraft(name: "", capacity: 1), context
            )
            .rejection?.field == "name")
        let (other, _) = try await salon.otherMerchant()
        let foreign = try await engine.createResource(
            merchantID: other.id, ResourceDraft(name: "x", capacity: 1), context
        ).get()
        let cases: [[ResourceNeed]] = [
            [ResourceNeed(resourceID: foreign.id)],
            [ResourceNeed(resourceID: salon.resources[0].id), ResourceNeed(resourceID: salon.resources[0].id)],
            [ResourceNeed(resourceID: salon.resources[0].id, offsetMinutes: 60)],
            [ResourceNeed(resourceID: salon.resources[0].id, offsetMinutes: 50, minutes: 11)],
            [ResourceNeed(resourceID: salon.resources[0].id, minutes: 0)],
        ]
        for needs in cases {
            var draft = ServiceDraft(salon.services[0])
            draft.resourceNeeds = needs
            let refused = try await engine.updateService(
                salon.services[0].id, merchantID: salon.merchant.id, draft, context)
            #expect(refused.rejection?.field == "resourceNeeds", "\(needs)")
        }
        #expect(
            try await engine.updateResource(
                foreign.id, merchantID: salon.merchant.id, ResourceDraft(name: "x", capacity: 1), context
            )
            .rejection?.code == .notFound)
    }

    @Test("events and snapshots with resources round-trip and replay to the same state")
    func codecRoundTrip() async throws {
        let salon = try await Self.salon()
        _ = try await salon.book(salon.at(11), service: salon.services[1]).get()
        _ = try await salon.book(salon.at(10), service: salon.services[0]).get()
        _ = try await salon.engine.createHold(
            NewHold(
                merchantID: salon.merchant.id, serviceID: salon.services[1].id, staffID: salon.staff[2].id,
                startsAt: salon.at(15, 30)),
            Salon.merchantContext
        ).get()
        for event in salon.log.events { #expect(try EventCodec.decode(EventCodec.encode(event)) == event) }
        let live = salon.engine.store.read { $0 }
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(live))
        #expect(decoded.digest() == live.digest())
        #expect(decoded.catalog.resources == live.catalog.resources)
        #expect(decoded.catalog.services == live.catalog.services)
        #expect(decoded.ledger.holds == live.ledger.holds)
        #expect(SnapshotCodec.encode(decoded) == SnapshotCodec.encode(live))
        #expect(try ReplayTests.replay(salon.log.events).digest() == live.digest())
        // A snapshot whose needs name an unknown resource is refused.
        var broken = live
        var service = salon.services[0]
        service.resourceNeeds = [ResourceNeed(resourceID: ResourceID(1 << 50))]
        try broken.apply(.serviceUpdated(service), lsn: live.appliedLSN + 1)
        #expect(throws: CodecError.self) { try SnapshotCodec.decode(SnapshotCodec.encode(broken)) }
    }

    /// 10,000 concurrent bookings and holds over 5 technicians and 2 resources of capacity 2: afterwards no
    /// technician's intervals overlap and no resource is over its capacity at any instant, in the state and in
    /// the actors; every task ends (the time limit fails the test otherwise).
    @Test(
        "no overlap and no resource over capacity under 10,000 concurrent requests", .timeLimit(.minutes(2)),
        arguments: [41, 42, 43] as [UInt64])
    func concurrentCapacity(seed: UInt64) async throws {
        var salon = try await Salon.make(staffCount: 5, keepsEvents: false)
        try await salon.addResources(chairs: 2, lamps: 2)
        let fixture = salon
        var random = SeededGenerator(seed: seed)
        let plans: [(start: Instant, staff: Int?, service: Int, isHold: Bool)] = (0..<10_000).map { _ in
            let minute = 10 * 60 + Int.random(in: 0..<(9 * 4), using: &random) * 15
            let staff = Int.random(in: 0..<6, using: &random)
            return (
                salon.at(minute / 60, minute % 60), staff == 5 ? nil : staff,
                Int.random(in: 0..<2, using: &random), Bool.random(using: &random) && staff != 5
            )
        }
        let codes = try await withThrowingTaskGroup(of: Rejection.Code?.self) { group in
            for plan in plans {
                group.addTask {
                    let service = fixture.services[plan.service]
                    if plan.isHold, let staff = plan.staff {
                        let request = NewHold(
                            merchantID: fixture.merchant.id, serviceID: service.id, staffID: fixture.staff[staff].id,
                            startsAt: plan.start)
                        return try await fixture.engine.createHold(request, Salon.merchantContext).rejection?.code
                    }
                    return try await fixture.book(
                        plan.start, staff: plan.staff.map { fixture.staff[$0] }, service: service
                    )
                    .rejection?.code
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(codes.contains(nil), "seed \(seed)")
        #expect(codes.contains(.resourceUnavailable), "seed \(seed)")
        let allowed: Set<Rejection.Code> = [.overlap, .outsideWorkingHours, .resourceUnavailable]
        #expect(codes.compactMap { $0 }.allSatisfy(allowed.contains), "seed \(seed)")
        await fixture.assertNoOverlaps()
        // The actors hold exactly what the state says.
        for resource in fixture.resources {
            let state = fixture.engine.store.read { state in
                state.ledger.bookings.values.filter { $0.status == .confirmed }.flatMap(\.resourceUses)
                    + state.ledger.holds.values.flatMap(\.resourceUses)
            }.filter { $0.resourceID == resource.id }.map(\.range).sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            #expect(state == (await fixture.resourceUses(resource, in: fixture.engine, now: Salon.now)), "seed \(seed)")
        }
    }
}
