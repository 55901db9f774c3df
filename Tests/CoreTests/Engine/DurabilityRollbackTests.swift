import Testing

@testable import Core

/// Every write path undoes its reservation when the log does not acknowledge the change, and says which failure it
/// was: `overloaded` (nothing written; retry later) or `outcomeUnknown` (the log failed; the record may be on disk).
@Suite("Durability failures roll back and say what happened")
struct DurabilityRollbackTests {
    static let overloaded = DurabilityError(.overloaded, reason: "queue full")

    func newHold(_ salon: Salon, _ start: Instant) -> NewHold {
        NewHold(
            merchantID: salon.merchant.id, serviceID: salon.services[0].id, staffID: salon.staff[0].id,
            startsAt: start, customerID: salon.customer.id)
    }

    /// Runs `write` expecting a durability error of `code`; returns it.
    func expectFailure<T>(
        _ code: DurabilityError.Code, _ write: () async throws(DurabilityError) -> T,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> DurabilityError? {
        do {
            let value = try await write()
            Issue.record("the write succeeded: \(value)", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.mayBeDurable == (code == .outcomeUnknown), sourceLocation: sourceLocation)
            return error
        }
    }

    @Test("create: an overloaded log leaves the slot free, and the same key retries")
    func createOverloaded() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let lsn = salon.log.lastLSN
        salon.log.refuseNext(with: Self.overloaded)
        let request = salon.request(salon.at(10), key: "retry-me")
        _ = await expectFailure(.overloaded) { () throws(DurabilityError) in
            try await salon.engine.createBooking(request, Salon.merchantContext)
        }
        #expect(salon.log.lastLSN == lsn)
        let retried = try await salon.engine.createBooking(request, Salon.merchantContext).get()
        #expect(retried.startsAt == salon.at(10))
        await salon.assertNoOverlaps()
    }

    @Test("hold confirmation: an overloaded log turns the booking back into the live hold")
    func confirmOverloaded() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let held = try await salon.engine.createHold(newHold(salon, salon.at(15)), Salon.merchantContext).get()
        salon.log.refuseNext(with: Self.overloaded)
        _ = await expectFailure(.overloaded) { () throws(DurabilityError) in
            try await salon.engine.createBooking(salon.request(salon.at(15), hold: held.id), Salon.merchantContext)
        }
        #expect(salon.engine.hold(held.id, merchantID: salon.merchant.id) != nil)
        let blocked = try await salon.book(salon.at(15))
        #expect(blocked.rejection?.code == .overlap && blocked.rejection?.conflictingID == held.id.description)
        let confirmed = try await salon.engine.createBooking(
            salon.request(salon.at(15), hold: held.id), Salon.merchantContext
        ).get()
        #expect(confirmed.holdID == held.id)
        await salon.assertNoOverlaps()
    }

    @Test("reschedule: an overloaded log keeps the booking where it was and frees the new time")
    func rescheduleOverloaded() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let booking = try await salon.book(salon.at(10)).get()
        salon.log.refuseNext(with: Self.overloaded)
        _ = await expectFailure(.overloaded) { () throws(DurabilityError) in
            try await salon.engine.rescheduleBooking(
                booking.id, merchantID: salon.merchant.id, to: BookingMove(startsAt: salon.at(16)),
                Salon.merchantContext)
        }
        #expect(salon.engine.store.read { $0.ledger.bookings[booking.id]?.startsAt } == salon.at(10))
        #expect((try await salon.book(salon.at(10))).rejection?.code == .overlap)
        let other = try await salon.book(salon.at(16)).get()
        #expect(other.startsAt == salon.at(16))
        await salon.assertNoOverlaps()
    }

    @Test("hold creation: an overloaded log frees the held time")
    func holdOverloaded() async throws {
        let salon = try await Salon.make(staffCount: 1)
        salon.log.refuseNext(with: Self.overloaded)
        _ = await expectFailure(.overloaded) { () throws(DurabilityError) in
            try await salon.engine.createHold(newHold(salon, salon.at(11)), Salon.merchantContext)
        }
        #expect(salon.engine.store.read { $0.ledger.holds.isEmpty })
        #expect((try await salon.book(salon.at(11))).rejection == nil)
        await salon.assertNoOverlaps()
    }

    @Test("every path reports a failed log as outcome unknown, and the log stays refused")
    func logFailed() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let booking = try await salon.book(salon.at(10)).get()
        let held = try await salon.engine.createHold(newHold(salon, salon.at(15)), Salon.merchantContext).get()
        salon.log.failAfter(appends: 0)
        _ = await expectFailure(.outcomeUnknown) { () throws(DurabilityError) in
            try await salon.engine.createBooking(salon.request(salon.at(12), key: "k"), Salon.merchantContext)
        }
        _ = await expectFailure(.outcomeUnknown) { () throws(DurabilityError) in
            try await salon.engine.createBooking(salon.request(salon.at(15), hold: held.id), Salon.merchantContext)
        }
        _ = await expectFailure(.outcomeUnknown) { () throws(DurabilityError) in
            try await salon.engine.rescheduleBooking(
                booking.id, merchantID: salon.merchant.id, to: BookingMove(startsAt: salon.at(17)),
                Salon.merchantContext)
        }
        _ = await expectFailure(.outcomeUnknown) { () throws(DurabilityError) in
            try await salon.engine.createHold(newHold(salon, salon.at(18)), Salon.merchantContext)
        }
        // Reads go on, from the state as it was.
        #expect(salon.engine.store.read { $0.ledger.bookings[booking.id]?.startsAt } == salon.at(10))
        #expect(salon.engine.hold(held.id, merchantID: salon.merchant.id) != nil)
        await salon.assertNoOverlaps()
    }
}
