import Testing

@testable import Core

@Suite("Holds and idempotency")
struct HoldAndIdempotencyTests {
    func hold(_ salon: Salon, _ start: Instant, staff: Int = 0, now: Instant = Salon.now) async throws
        -> Result<Hold, Rejection>
    {
        try await salon.engine.createHold(
            NewHold(
                merchantID: salon.merchant.id,
                serviceID: salon.services[0].id,
                staffID: salon.staff[staff].id,
                startsAt: start,
                customerID: salon.customer.id
            ),
            CommandContext(now: now, origin: Salon.merchantContext.origin)
        )
    }

    @Test("a live hold blocks others; confirming it turns it into a booking")
    func holdThenConfirm() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let held = try await hold(salon, salon.at(14 + 1)).get()
        #expect(held.expiresAt == Salon.now.adding(minutes: 10))
        let other = try await salon.book(salon.at(15, 30))
        #expect(other.rejection?.code == .overlap && other.rejection?.conflictingID == held.id.description)
        let booking = try await salon.engine.createBooking(
            salon.request(salon.at(15), hold: held.id),
            Salon.merchantContext
        ).get()
        #expect(booking.holdID == held.id)
        #expect(salon.engine.hold(held.id, merchantID: salon.merchant.id) == nil)
        let twice = try await salon.engine.createBooking(
            salon.request(salon.at(15), hold: held.id), Salon.merchantContext)
        #expect(twice.rejection?.code == .notFound)
        await salon.assertNoOverlaps()
    }

    @Test("an expired hold stops blocking, cannot be confirmed, and is swept")
    func holdExpiry() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let held = try await hold(salon, salon.at(15)).get()
        let later = CommandContext(now: held.expiresAt, origin: Salon.merchantContext.origin)
        let confirm = try await salon.engine.createBooking(salon.request(salon.at(15), hold: held.id), later)
        #expect(confirm.rejection?.code == .holdExpired)
        #expect((try await salon.book(salon.at(15), context: later)).rejection == nil)
        let swept = try await salon.engine.sweepExpired(now: held.expiresAt)
        #expect(swept == 1)
        #expect(salon.engine.hold(held.id, merchantID: salon.merchant.id) == nil)
        #expect(try await salon.engine.sweepExpired(now: held.expiresAt) == 0)
    }

    @Test("releasing a hold frees the slot")
    func release() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let held = try await hold(salon, salon.at(15)).get()
        let released = try await salon.engine.releaseHold(held.id, merchantID: salon.merchant.id, Salon.merchantContext)
        #expect((try? released.get()) != nil)
        #expect((try await salon.book(salon.at(15))).rejection == nil)
        let again = try await salon.engine.releaseHold(held.id, merchantID: salon.merchant.id, Salon.merchantContext)
        #expect(again.rejection?.code == .notFound)
    }

    @Test("a hold must fit working hours and the hold must match the booking")
    func holdValidation() async throws {
        let salon = try await Salon.make(staffCount: 2)
        #expect((try await hold(salon, salon.at(13, 30))).rejection?.code == .outsideWorkingHours)
        let held = try await hold(salon, salon.at(16)).get()
        let wrongTime = try await salon.engine.createBooking(
            salon.request(salon.at(17), hold: held.id),
            Salon.merchantContext
        )
        #expect(wrongTime.rejection?.field == "holdId")
    }

    @Test("the same key and request returns the first result, also a rejection")
    func idempotentReplay() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let first = try await salon.engine.createBooking(salon.request(salon.at(10), key: "k1"), Salon.merchantContext)
        let again = try await salon.engine.createBooking(salon.request(salon.at(10), key: "k1"), Salon.merchantContext)
        #expect(try first.get() == again.get())
        #expect(salon.engine.bookings(BookingQuery(merchantID: salon.merchant.id)).bookings.count == 1)
        let loser = try await salon.engine.createBooking(salon.request(salon.at(10), key: "k2"), Salon.merchantContext)
        #expect(loser.rejection?.code == .overlap)
        _ = try await salon.engine.cancelBooking(
            try first.get().id, merchantID: salon.merchant.id, reason: nil, Salon.merchantContext)
        let retried = try await salon.engine.createBooking(
            salon.request(salon.at(10), key: "k2"), Salon.merchantContext)
        #expect(retried == loser)  // still the first outcome, though the slot is free now
    }

    @Test("the same key with a different request is a conflict; keys expire after 24 hours")
    func idempotencyConflict() async throws {
        let salon = try await Salon.make(staffCount: 1)
        _ = try await salon.engine.createBooking(salon.request(salon.at(10), key: "k"), Salon.merchantContext).get()
        let different = try await salon.engine.createBooking(
            salon.request(salon.at(11), key: "k"), Salon.merchantContext)
        #expect(different.rejection?.code == .idempotencyConflict)
        let dayLater = Salon.now + IdempotencyRecord.lifetimeSeconds
        try await salon.engine.sweepExpired(now: dayLater)
        #expect(salon.engine.store.read { $0.ledger.idempotency.isEmpty })
        let context = CommandContext(now: dayLater, origin: Salon.merchantContext.origin)
        let reused = try await salon.engine.createBooking(salon.request(salon.at(11), key: "k"), context)
        #expect(reused.rejection == nil)
    }

    @Test("keys are remembered durably: a replayed state still knows them")
    func idempotencySurvivesReplay() async throws {
        let salon = try await Salon.make(staffCount: 1, keepsEvents: true)
        let first = try await salon.engine.createBooking(salon.request(salon.at(10), key: "k"), Salon.merchantContext)
        let store = StateStore()
        for (index, event) in salon.log.events.enumerated() { store.apply(event, lsn: LSN(index + 1)) }
        let log = InMemoryEventLog { event, lsn in store.apply(event, lsn: lsn) }
        let restarted = BookingEngine(store: store, log: log, ids: IdentifierGenerator(after: 1_000))
        let again = try await restarted.createBooking(salon.request(salon.at(10), key: "k"), Salon.merchantContext)
        #expect(try again.get().id == first.get().id)
    }
}
