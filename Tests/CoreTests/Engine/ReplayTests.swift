import Testing

@testable import Core

@Suite("Replay determinism")
struct ReplayTests {
    /// Drives an engine with a seeded random mix of every command, keeping the events it logs.
    static func randomHistory(seed: UInt64, commands: Int) async throws -> Salon {
        var salon = try await Salon.make(staffCount: 4, keepsEvents: true)
        try await salon.addResources()
        var random = SeededGenerator(seed: seed)
        var bookings: [BookingID] = []
        var holds: [HoldID] = []
        var now = Salon.now
        for _ in 0..<commands {
            now = now + Int64.random(in: 0...90, using: &random)
            let context = CommandContext(now: now, origin: Salon.merchantContext.origin)
            let day = Salon.monday.adding(days: Int.random(in: 0..<3, using: &random))
            let start = salon.at(
                day, Int.random(in: 10...19, using: &random), 15 * Int.random(in: 0..<4, using: &random))
            let staff = salon.staff[Int.random(in: 0..<4, using: &random)]
            let service = salon.services[Int.random(in: 0..<2, using: &random)]
            switch Int.random(in: 0..<13, using: &random) {
            case 0...3:
                var request = salon.request(start, staff: Bool.random(using: &random) ? staff : nil, service: service)
                request.idempotencyKey =
                    Bool.random(using: &random) ? "key-\(Int.random(in: 0..<50, using: &random))" : nil
                if Int.random(in: 0..<3, using: &random) == 0 {  // a visit of two services
                    let second = salon.services[Int.random(in: 0..<2, using: &random)]
                    request.items = [
                        VisitItemRequest(serviceID: service.id, staffID: request.staffID),
                        VisitItemRequest(serviceID: second.id),
                    ]
                    request.parallel = Bool.random(using: &random)
                }
                if case .success(let booking) = try await salon.engine.createBooking(request, context) {
                    bookings.append(booking.id)
                }
            case 4:
                let request = NewHold(
                    merchantID: salon.merchant.id, serviceID: service.id, staffID: staff.id, startsAt: start)
                if case .success(let hold) = try await salon.engine.createHold(request, context) {
                    holds.append(hold.id)
                }
            case 5 where !holds.isEmpty:
                let id = holds.randomElement(using: &random)!
                if let hold = salon.engine.hold(id, merchantID: salon.merchant.id) {
                    let request = NewBooking(
                        merchantID: salon.merchant.id,
                        serviceID: hold.serviceID,
                        staffID: hold.staffID,
                        customerID: salon.customer.id,
                        startsAt: hold.startsAt,
                        holdID: id
                    )
                    _ = try await salon.engine.createBooking(request, context)
                }
            case 6 where !bookings.isEmpty:
                let id = bookings.randomElement(using: &random)!
                _ = try await salon.engine.cancelBooking(id, merchantID: salon.merchant.id, reason: "r", context)
            case 7 where !bookings.isEmpty:
                let id = bookings.randomElement(using: &random)!
                let move = BookingMove(startsAt: start, staffID: Bool.random(using: &random) ? staff.id : nil)
                _ = try await salon.engine.rescheduleBooking(id, merchantID: salon.merchant.id, to: move, context)
            case 8 where !bookings.isEmpty:
                let id = bookings.randomElement(using: &random)!
                if Bool.random(using: &random) {
                    _ = try await salon.engine.completeBooking(id, merchantID: salon.merchant.id, context)
                } else {
                    _ = try await salon.engine.markNoShow(id, merchantID: salon.merchant.id, context)
                }
            case 9:
                var request = NewWaitlistEntry(
                    merchantID: salon.merchant.id, customerID: salon.customer.id, serviceID: service.id,
                    staffID: Bool.random(using: &random) ? staff.id : nil, from: start, to: start + 3 * 3_600)
                if Int.random(in: 0..<3, using: &random) == 0 {  // a visit of two services, held whole when offered
                    request.items = [
                        VisitItemRequest(serviceID: service.id, staffID: request.staffID),
                        VisitItemRequest(serviceID: salon.services[Int.random(in: 0..<2, using: &random)].id),
                    ]
                    request.parallel = Bool.random(using: &random)
                }
                _ = try await salon.engine.joinWaitlist(request, context)
            case 10:
                try await salon.engine.offerWaitlistSlots(now: now, offerMinutes: 5)
            case 11:
                let open = salon.engine.waitlist(of: salon.merchant.id, openOnly: true)
                guard let entry = open.randomElement(using: &random) else { continue }
                if Bool.random(using: &random) {
                    _ = try await salon.engine.acceptWaitlistOffer(entry.id, merchantID: salon.merchant.id, context)
                } else {
                    _ = try await salon.engine.leaveWaitlist(entry.id, merchantID: salon.merchant.id, context)
                }
            default:
                try await salon.engine.sweepExpired(now: now)
            }
        }
        return salon
    }

    static func replay(_ events: [EngineEvent]) throws -> EngineState {
        var state = EngineState()
        for (index, event) in events.enumerated() { try state.apply(event, lsn: LSN(index + 1)) }
        return state
    }

    @Test("replaying the log twice gives the live state's digest", arguments: [11, 12, 13, 14] as [UInt64])
    func replayTwice(seed: UInt64) async throws {
        let salon = try await Self.randomHistory(seed: seed, commands: 1_500)
        let events = salon.log.events
        #expect(events.count > 100, "seed \(seed)")
        let live = salon.engine.store.read { $0.digest() }
        let first = try Self.replay(events)
        let second = try Self.replay(events)
        #expect(first.digest() == second.digest(), "seed \(seed)")
        #expect(first.digest() == live, "seed \(seed)")
        #expect(first.overlappingBookings().isEmpty, "seed \(seed)")
        #expect(first.resourcesOverCapacity(now: Salon.now).isEmpty, "seed \(seed)")
        #expect(first.ledger.bookings.values.contains { !$0.resourceNeeds.isEmpty }, "seed \(seed)")
        #expect(first.ledger.bookings.values.contains { !$0.items.isEmpty }, "seed \(seed)")
        let statuses = Set(first.ledger.waitlist.entries.values.map(\.status))
        #expect(statuses.isSuperset(of: [.booked, .declined, .left]), "seed \(seed): \(statuses)")
        let visitEntries = first.ledger.waitlist.entries.values.filter { !$0.items.isEmpty }
        #expect(visitEntries.contains { $0.offerHoldID != nil }, "seed \(seed): \(visitEntries.map(\.status))")
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(first))
        #expect(decoded.digest() == first.digest(), "seed \(seed)")
    }

    @Test("an engine rebuilt from the replayed state has the same schedules", arguments: [21, 22] as [UInt64])
    func rebuiltSchedules(seed: UInt64) async throws {
        let salon = try await Self.randomHistory(seed: seed, commands: 800)
        let state = try Self.replay(salon.log.events)
        let store = StateStore(state)
        let rebuilt = BookingEngine(
            store: store,
            log: InMemoryEventLog { event, lsn in store.apply(event, lsn: lsn) },
            ids: IdentifierGenerator(after: 1 << 40)
        )
        let now = Salon.now + 3 * 86_400
        for member in salon.staff {
            let from = Instant(secondsSinceEpoch: 0)
            let to = Instant(secondsSinceEpoch: 1 << 40)
            let live = await salon.engine.schedule(of: member.id).blockedRanges(from: from, to: to, now: now)
            let again = await rebuilt.schedule(of: member.id).blockedRanges(from: from, to: to, now: now)
            #expect(live == again, "seed \(seed), staff \(member.name)")
        }
        for resource in salon.resources {
            let live = await salon.resourceUses(resource, in: salon.engine, now: now)
            #expect(!live.isEmpty, "seed \(seed): nothing used \(resource.name)")
            #expect(
                live == (await salon.resourceUses(resource, in: rebuilt, now: now)), "seed \(seed), \(resource.name)")
        }
    }

    @Test("a digest changes when any booking field changes")
    func digestSensitivity() async throws {
        let salon = try await Salon.make(staffCount: 1, keepsEvents: true)
        _ = try await salon.book(salon.at(10)).get()
        var events = salon.log.events
        let base = try Self.replay(events).digest()
        guard case .bookingCreated(var booking, let record) = events[events.count - 1] else {
            Issue.record("last event is not a booking")
            return
        }
        booking.note = "changed"
        events[events.count - 1] = .bookingCreated(booking, idempotency: record)
        #expect(try Self.replay(events).digest() != base)
    }
}

@Suite("Schedule mirroring on replicas")
struct ScheduleMirrorTests {
    @Test(
        "a replica applying the log batch by batch, mirroring schedules, matches the leader's schedules",
        arguments: [31, 32, 33] as [UInt64])
    func mirrorMatchesLeader(seed: UInt64) async throws {
        let salon = try await ReplayTests.randomHistory(seed: seed, commands: 900)
        let store = StateStore()
        let replica = BookingEngine(
            store: store,
            log: InMemoryEventLog { event, lsn in store.apply(event, lsn: lsn) },
            ids: IdentifierGenerator(after: 1 << 40)
        )
        var random = SeededGenerator(seed: seed)
        var lsn: LSN = 0
        var events = salon.log.events[...]
        while !events.isEmpty {
            let batch = Array(events.prefix(Int.random(in: 1...7, using: &random)))
            events = events.dropFirst(batch.count)
            let changes = store.read { ScheduleMirror.changes(for: batch, before: $0) }
            for event in batch {
                lsn += 1
                store.apply(event, lsn: lsn)
            }
            await replica.mirror(changes)
        }
        #expect(store.read { $0.digest() } == salon.engine.store.read { $0.digest() })
        let now = Salon.now + 3 * 86_400
        for member in salon.staff {
            let from = Instant(secondsSinceEpoch: 0)
            let to = Instant(secondsSinceEpoch: 1 << 40)
            let leader = await salon.engine.schedule(of: member.id).blockedRanges(from: from, to: to, now: now)
            let mirrored = await replica.schedule(of: member.id).blockedRanges(from: from, to: to, now: now)
            #expect(leader == mirrored, "seed \(seed), staff \(member.name)")
        }
        for resource in salon.resources {
            let leader = await salon.resourceUses(resource, in: salon.engine, now: now)
            let mirrored = await salon.resourceUses(resource, in: replica, now: now)
            #expect(leader == mirrored, "seed \(seed), \(resource.name)")
        }
    }
}
