import Testing

@testable import Core

@Suite("Waitlist")
struct WaitlistTests {
    /// A salon with one technician, and `count` more customers besides the salon's own.
    static func salon(customers count: Int, staffCount: Int = 1, keepsEvents: Bool = false) async throws
        -> (Salon, [Customer])
    {
        let salon = try await Salon.make(staffCount: staffCount, keepsEvents: keepsEvents)
        var customers: [Customer] = []
        for index in 0..<count {
            customers.append(
                try await salon.engine.createCustomer(
                    merchantID: salon.merchant.id, CustomerDraft(displayName: "Customer \(index)"),
                    Salon.merchantContext
                ).get())
        }
        return (salon, customers)
    }

    static func join(
        _ salon: Salon, _ customer: Customer, from: Instant, to: Instant, staff: Staff? = nil, now: Instant = Salon.now
    ) async throws -> Result<WaitlistEntry, Rejection> {
        let request = NewWaitlistEntry(
            merchantID: salon.merchant.id, customerID: customer.id, serviceID: salon.services[0].id, staffID: staff?.id,
            from: from, to: to)
        let context = CommandContext(now: now, origin: Origin(author: .customer(customer.id), channel: .liff))
        return try await salon.engine.joinWaitlist(request, context)
    }

    static func entry(_ salon: Salon, _ id: WaitlistEntryID) -> WaitlistEntry {
        salon.engine.waitlistEntry(id, merchantID: salon.merchant.id)!
    }

    @Test("a freed slot goes to the first in the queue; declined or lapsed, to the next; accepted, it is booked")
    func handOff() async throws {
        let (salon, customers) = try await Self.salon(customers: 4)
        let engine = salon.engine
        let (start, end) = (salon.at(10), salon.at(11))
        let taken = try await salon.book(start, staff: salon.staff[0]).get()
        let first = try await Self.join(salon, customers[0], from: start, to: end).get()
        let second = try await Self.join(salon, customers[1], from: start, to: end).get()
        let third = try await Self.join(salon, customers[2], from: start, to: end).get()
        #expect(first.status == .waiting && first.id < second.id)
        var now = Salon.now
        #expect(try await engine.offerWaitlistSlots(now: now, offerMinutes: 10).offered == 0)
        _ = try await engine.cancelBooking(taken.id, merchantID: salon.merchant.id, reason: nil, Salon.merchantContext)
            .get()
        #expect(try await engine.offerWaitlistSlots(now: now, offerMinutes: 10).offered == 1)
        let offered = Self.entry(salon, first.id)
        #expect(offered.status == .offered)
        let hold = try #require(engine.hold(offered.offerHoldID!, merchantID: salon.merchant.id))
        #expect(
            hold.startsAt == start && hold.customerID == customers[0].id && hold.expiresAt == now.adding(minutes: 10))
        #expect(Self.entry(salon, second.id).status == .waiting)
        // The slot is held: nobody else can book it, and another scan offers it to nobody else.
        #expect(try await salon.book(start).rejection?.code == .overlap)
        #expect(try await engine.offerWaitlistSlots(now: now, offerMinutes: 10).offered == 0)
        // The first declines: the second gets it.
        let context = CommandContext(now: now, origin: Origin(author: .customer(customers[0].id), channel: .line))
        let declined = try await engine.leaveWaitlist(
            first.id, merchantID: salon.merchant.id, customerID: customers[0].id, context
        ).get()
        #expect(declined.status == .declined && declined.closedAt == now)
        #expect(try await engine.offerWaitlistSlots(now: now, offerMinutes: 10).offered == 1)
        #expect(Self.entry(salon, second.id).status == .offered)
        // The second says nothing: the offer lapses at the sweep after it expires, and the third gets it.
        now = now.adding(minutes: 10)
        #expect(engine.hasLapsedWaitlistOffers(now: now))
        try await engine.sweepExpired(now: now)
        #expect(Self.entry(salon, second.id).status == .lapsed)
        #expect(try await engine.offerWaitlistSlots(now: now, offerMinutes: 10).offered == 1)
        let thirdOffer = Self.entry(salon, third.id)
        #expect(thirdOffer.status == .offered)
        // The third accepts: the booking takes the offer's number, the entry is booked, the hold gone.
        let accepted = CommandContext(now: now, origin: Origin(author: .customer(customers[2].id), channel: .line))
        let booking = try await engine.acceptWaitlistOffer(
            third.id, merchantID: salon.merchant.id, customerID: customers[2].id, accepted
        ).get()
        #expect(booking.id == thirdOffer.offeredBookingID && booking.startsAt == start)
        #expect(booking.customerID == customers[2].id && booking.holdID == thirdOffer.offerHoldID)
        #expect(Self.entry(salon, third.id).status == .booked)
        #expect(engine.store.read { $0.ledger.holds.isEmpty && $0.ledger.waitlist.offers.isEmpty })
        // Accepting again answers with the same booking; declining now is refused.
        #expect(
            try await engine.acceptWaitlistOffer(third.id, merchantID: salon.merchant.id, accepted).get().id
                == booking.id)
        #expect(
            try await engine.leaveWaitlist(third.id, merchantID: salon.merchant.id, accepted).rejection?.code
                == .invalidStateTransition)
        await salon.assertNoOverlaps()
    }

    @Test("a visit waits whole: it is offered with every item's technician held, and booked as one visit")
    func visitOffer() async throws {
        let (salon, customers) = try await Self.salon(customers: 1, staffCount: 2, keepsEvents: true)
        let engine = salon.engine
        let amy = salon.staff[0]
        var taken: [BookingID] = []
        for hour in 10...13 { taken.append(try await salon.book(salon.at(hour), staff: amy).get().id) }
        var request = NewWaitlistEntry(
            merchantID: salon.merchant.id, customerID: customers[0].id, serviceID: salon.services[0].id,
            from: salon.at(10), to: salon.at(12))
        request.items = [
            VisitItemRequest(serviceID: salon.services[0].id), VisitItemRequest(serviceID: salon.services[1].id),
        ]
        request.parallel = true
        let entry = try await engine.joinWaitlist(request, Salon.merchantContext).get()
        #expect(entry.items.count == 2 && entry.parallel && entry.staffID == nil)
        #expect(try await engine.offerWaitlistSlots(now: Salon.now, offerMinutes: 10).offered == 0)
        for id in taken.prefix(2) {
            _ = try await engine.cancelBooking(id, merchantID: salon.merchant.id, reason: nil, Salon.merchantContext)
                .get()
        }
        #expect(try await engine.offerWaitlistSlots(now: Salon.now, offerMinutes: 10).offered == 1)
        let offered = Self.entry(salon, entry.id)
        let hold = try #require(engine.hold(offered.offerHoldID!, merchantID: salon.merchant.id))
        // The pedicure's preparation starts at 10:00 at the earliest: both items from 10:15, one per technician.
        #expect(hold.items.count == 2 && Set(hold.items.map(\.staffID)).count == 2)
        #expect(hold.startsAt == salon.at(10, 15) && hold.endsAt == salon.at(11, 45))
        #expect(hold.items.allSatisfy { $0.startsAt == salon.at(10, 15) })
        for item in hold.items {
            let member = salon.staff.first { $0.id == item.staffID }!
            #expect(try await salon.book(salon.at(10, 15), staff: member).rejection?.code == .overlap)
        }
        // The held visit survives a snapshot and a rebuild of the schedules.
        let state = engine.store.snapshot()
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(state))
        #expect(decoded.digest() == state.digest() && decoded.ledger.holds[hold.id]?.items == hold.items)
        let store = StateStore(decoded)
        let rebuilt = BookingEngine(
            store: store, log: InMemoryEventLog { event, lsn in store.apply(event, lsn: lsn) },
            ids: IdentifierGenerator(after: 1 << 40))
        for member in salon.staff {
            let (from, to) = (salon.at(0), salon.at(23))
            #expect(
                await engine.schedule(of: member.id).blockedRanges(from: from, to: to, now: Salon.now)
                    == (await rebuilt.schedule(of: member.id).blockedRanges(from: from, to: to, now: Salon.now)))
        }
        let booking = try await engine.acceptWaitlistOffer(
            entry.id, merchantID: salon.merchant.id, Salon.merchantContext
        )
        .get()
        #expect(booking.id == offered.offeredBookingID && booking.items == hold.items)
        #expect(booking.startsAt == hold.startsAt && booking.endsAt == hold.endsAt)
        #expect(Self.entry(salon, entry.id).status == .booked)
        await salon.assertNoOverlaps()
        #expect(try ReplayTests.replay(salon.log.events).digest() == engine.store.read { $0.digest() })
    }

    @Test("a waiting entry leaves; an entry whose window passed is ended by the scan")
    func leavingAndEnding() async throws {
        let (salon, customers) = try await Self.salon(customers: 2)
        let engine = salon.engine
        let leaving = try await Self.join(salon, customers[0], from: salon.at(10), to: salon.at(20)).get()
        let ending = try await Self.join(salon, customers[1], from: salon.at(10), to: salon.at(11)).get()
        let left = try await engine.leaveWaitlist(leaving.id, merchantID: salon.merchant.id, Salon.merchantContext)
            .get()
        #expect(left.status == .left)
        let later = salon.at(10, 30)  // too late for a 60-minute service ending by 11:00
        let scan = try await engine.offerWaitlistSlots(now: later, offerMinutes: 10)
        #expect(scan.ended == 1 && scan.offered == 0)
        #expect(Self.entry(salon, ending.id).status == .ended && Self.entry(salon, ending.id).closedAt == later)
        #expect(engine.waitlist(of: salon.merchant.id, openOnly: true).isEmpty)
        #expect(engine.waitlist(of: salon.merchant.id).count == 2)
    }

    @Test("joining checks the customer, service, technician, window, duplicates and the per-customer cap")
    func joinValidation() async throws {
        let (salon, customers) = try await Self.salon(customers: 1)
        let (from, to) = (salon.at(10), salon.at(20))
        #expect(try await Self.join(salon, customers[0], from: to, to: from).rejection?.field == "to")
        #expect(
            try await Self.join(salon, customers[0], from: from, to: from.adding(minutes: 30)).rejection?.field == "to")
        #expect(
            try await Self.join(salon, customers[0], from: from, to: from.adding(minutes: 15 * 24 * 60)).rejection?
                .field == "to")
        let past = Salon.now.adding(minutes: -120)
        #expect(
            try await Self.join(salon, customers[0], from: past.adding(minutes: -120), to: past).rejection?.field
                == "to")
        let (other, _) = try await salon.otherMerchant()
        var foreign = NewWaitlistEntry(
            merchantID: other.id, customerID: customers[0].id, serviceID: salon.services[0].id, from: from, to: to)
        #expect(try await salon.engine.joinWaitlist(foreign, Salon.merchantContext).rejection?.code == .notFound)
        foreign.merchantID = salon.merchant.id
        foreign.staffID = StaffID(999_999)
        #expect(try await salon.engine.joinWaitlist(foreign, Salon.merchantContext).rejection?.code == .notFound)
        _ = try await Self.join(salon, customers[0], from: from, to: to).get()
        #expect(try await Self.join(salon, customers[0], from: from, to: to).rejection?.code == .duplicate)
        for day in 1..<WaitlistEntry.openPerCustomerMax {
            let date = Salon.monday.adding(days: day)
            _ = try await Self.join(salon, customers[0], from: salon.at(date, 10), to: salon.at(date, 20)).get()
        }
        let date = Salon.monday.adding(days: 9)
        #expect(
            try await Self.join(salon, customers[0], from: salon.at(date, 10), to: salon.at(date, 20)).rejection?.code
                == .tooManyWaitlistEntries)
    }

    @Test(
        "concurrent cancellations, scans and answers offer each freed slot to one customer at a time",
        .timeLimit(.minutes(2)), arguments: [71, 72, 73] as [UInt64])
    func concurrentOffers(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let (salon, customers) = try await Self.salon(customers: 40, staffCount: 3, keepsEvents: true)
        let engine = salon.engine
        // Fill the day: every technician booked back to back, 10:00–14:00 and 15:00–20:00.
        var bookings: [BookingID] = []
        for member in salon.staff {
            for hour in [10, 11, 12, 13, 15, 16, 17, 18, 19] {
                bookings.append(try await salon.book(salon.at(hour), staff: member).get().id)
            }
        }
        var entries: [WaitlistEntryID] = []
        for customer in customers {
            let hour = Int.random(in: 10...18, using: &random)
            let staff = Bool.random(using: &random) ? salon.staff.randomElement(using: &random) : nil
            let length = Int.random(in: 1...3, using: &random)
            let joined = try await Self.join(
                salon, customer, from: salon.at(hour), to: salon.at(min(hour + length, 20)), staff: staff)
            entries.append(try joined.get().id)
        }
        let cancelled = Array(bookings.shuffled(using: &random).prefix(14))
        let answers = (0..<60).map { _ in (entries.randomElement(using: &random)!, Bool.random(using: &random)) }
        let now = Salon.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in cancelled {
                group.addTask {
                    _ = try await engine.cancelBooking(
                        id, merchantID: salon.merchant.id, reason: nil, Salon.merchantContext)
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<10 {
                        try await engine.offerWaitlistSlots(now: now, offerMinutes: 10)
                        await Task.yield()
                    }
                }
            }
            for (id, accepts) in answers {
                group.addTask {
                    let context = CommandContext(now: now, origin: Origin(author: .system, channel: .line))
                    if accepts {
                        _ = try await engine.acceptWaitlistOffer(id, merchantID: salon.merchant.id, context)
                    } else if Self.entry(salon, id).status == .offered {
                        _ = try await engine.leaveWaitlist(id, merchantID: salon.merchant.id, context)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await engine.offerWaitlistSlots(now: now, offerMinutes: 10)
        let state = engine.store.snapshot()
        let waitlist = state.ledger.waitlist
        #expect(waitlist.entries.values.contains { $0.status == .offered || $0.status == .booked }, "seed \(seed)")
        // Every outstanding offer has its own hold, for its customer, inside its window; no two overlap.
        var held: [StaffID: [BlockedRange]] = [:]
        for entry in waitlist.entries.values where entry.status == .offered {
            let hold = try #require(state.ledger.holds[entry.offerHoldID!], "seed \(seed)")
            #expect(hold.customerID == entry.customerID && waitlist.offers[hold.id] == entry.id, "seed \(seed)")
            #expect(hold.startsAt >= entry.from && hold.endsAt <= entry.to, "seed \(seed)")
            #expect(entry.staffID == nil || entry.staffID == hold.staffID, "seed \(seed)")
            held[hold.staffID, default: []].append(hold.blockedRange)
        }
        for entry in waitlist.entries.values where entry.status == .booked {
            let booking = try #require(state.ledger.bookings[entry.offeredBookingID!], "seed \(seed)")
            #expect(booking.customerID == entry.customerID && booking.status == .confirmed, "seed \(seed)")
            #expect(booking.startsAt >= entry.from && booking.endsAt <= entry.to, "seed \(seed)")
            held[booking.staffID, default: []].append(booking.blockedRange)
        }
        for ranges in held.values {
            let sorted = ranges.sorted { $0.start < $1.start }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) {
                #expect(earlier.end <= later.start, "seed \(seed): two offers share a slot")
            }
        }
        await salon.assertNoOverlaps()
        // The log replays to the same state, and the state round-trips through a snapshot.
        let replayed = try ReplayTests.replay(salon.log.events)
        #expect(replayed.digest() == state.digest(), "seed \(seed)")
        #expect(try SnapshotCodec.decode(SnapshotCodec.encode(replayed)).digest() == state.digest(), "seed \(seed)")
    }
}
