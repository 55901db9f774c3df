import Testing

@testable import Core

@Suite("No-show policy: repeat no-shows stop online bookings")
struct NoShowPolicyTests {
    /// A salon whose policy is two strikes within 30 days, and the context of its customer at `now`.
    static func salonWithPolicy() async throws -> Salon {
        let salon = try await Salon.make(staffCount: 1)
        var draft = MerchantDraft(salon.merchant)
        draft.rules.noShowPolicy = NoShowPolicy(strikes: 2, windowDays: 30)
        _ = try await salon.engine.updateMerchant(salon.merchant.id, draft, Salon.merchantContext).get()
        return salon
    }

    static func customer(_ salon: Salon, at now: Instant) -> CommandContext {
        CommandContext(now: now, origin: Origin(author: .customer(salon.customer.id), channel: .liff))
    }

    @Test("two no-shows in the window stop the customer's bookings and holds; the salon still books them")
    func strikesStopOnlineBookings() async throws {
        let salon = try await Self.salonWithPolicy()
        let engine = salon.engine
        for hour in [10, 12] {
            let booking = try await salon.book(salon.at(hour)).get()
            _ = try await engine.markNoShow(booking.id, merchantID: salon.merchant.id, Salon.merchantContext).get()
        }
        let tuesday = salon.at(Salon.monday.adding(days: 1), 9)
        #expect(engine.strikes(of: salon.customer.id, merchantID: salon.merchant.id, now: tuesday) == 2)
        let next = salon.at(Salon.monday.adding(days: 2), 10)
        let refused = try await salon.book(next, context: Self.customer(salon, at: tuesday))
        #expect(refused.rejection?.code == .customerBlocked)
        let hold = try await engine.createHold(
            NewHold(
                merchantID: salon.merchant.id, serviceID: salon.services[0].id, staffID: salon.staff[0].id,
                startsAt: next, customerID: salon.customer.id),
            Self.customer(salon, at: tuesday))
        #expect(hold.rejection?.code == .customerBlocked)
        #expect(
            engine.policyStopsOnlineBooking(of: salon.customer.id, merchantID: salon.merchant.id, now: tuesday))
        // The salon books them at the desk.
        let desk = CommandContext(now: tuesday, origin: Salon.merchantContext.origin)
        #expect(try await salon.book(next, context: desk).rejection == nil)
        // Outside the window (the no-shows started more than 30 days ago) they count no more.
        let later = salon.at(Salon.monday.adding(days: 31), 9)
        #expect(engine.strikes(of: salon.customer.id, merchantID: salon.merchant.id, now: later) == 0)
        let booked = try await salon.book(
            salon.at(Salon.monday.adding(days: 32), 10), context: Self.customer(salon, at: later))
        #expect(booked.rejection == nil)
    }

    @Test("a late cancellation is a strike; clearing the record forgives the strikes so far")
    func lateCancellationAndClearing() async throws {
        let salon = try await Self.salonWithPolicy()
        let engine = salon.engine
        let missed = try await salon.book(salon.at(10)).get()
        _ = try await engine.markNoShow(missed.id, merchantID: salon.merchant.id, Salon.merchantContext).get()
        let late = try await salon.book(salon.at(15)).get()
        // Cancelled an hour before its start: within the 24-hour default, a strike.
        let lateContext = CommandContext(now: salon.at(14), origin: Salon.merchantContext.origin)
        _ = try await engine.cancelBooking(late.id, merchantID: salon.merchant.id, reason: nil, lateContext).get()
        let early = try await salon.book(salon.at(17)).get()
        let earlyContext = CommandContext(now: salon.at(Salon.monday.adding(days: -3), 9), origin: lateContext.origin)
        _ = try await engine.cancelBooking(early.id, merchantID: salon.merchant.id, reason: nil, earlyContext).get()
        let evening = salon.at(20)
        #expect(engine.strikes(of: salon.customer.id, merchantID: salon.merchant.id, now: evening) == 2)
        let cleared = try await engine.clearStrikes(
            salon.customer.id, merchantID: salon.merchant.id, CommandContext(now: evening, origin: lateContext.origin)
        ).get()
        #expect(cleared.strikesClearedAt == evening)
        #expect(engine.strikes(of: salon.customer.id, merchantID: salon.merchant.id, now: evening + 60) == 0)
        let booked = try await salon.book(
            salon.at(Salon.monday.adding(days: 1), 10), context: Self.customer(salon, at: evening + 60))
        #expect(booked.rejection == nil)
        // The policy and the clearing survive a snapshot round trip.
        let state = engine.store.snapshot()
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(state))
        #expect(
            decoded.catalog.merchants[salon.merchant.id]?.rules.noShowPolicy == NoShowPolicy(strikes: 2, windowDays: 30)
        )
        #expect(decoded.catalog.customers[salon.customer.id]?.strikesClearedAt == evening)
        #expect(decoded.digest() == state.digest())
    }

    @Test("out-of-range policies are refused")
    func validation() async throws {
        let salon = try await Salon.make(staffCount: 1)
        for policy in [
            NoShowPolicy(strikes: 0, windowDays: 30), NoShowPolicy(strikes: 3, windowDays: 0),
            NoShowPolicy(strikes: 51, windowDays: 30), NoShowPolicy(strikes: 3, windowDays: 731),
        ] {
            var draft = MerchantDraft(salon.merchant)
            draft.rules.noShowPolicy = policy
            let answer = try await salon.engine.updateMerchant(salon.merchant.id, draft, Salon.merchantContext)
            #expect(answer.rejection?.code == .validationFailed, "\(policy)")
        }
    }
}

@Suite("No-show policy: online bookings that wait for the salon's approval")
struct ApprovalPolicyTests {
    @Test("a customer past the limit books 'pending': the time is held, the confirmation waits for the approval")
    func pendingUntilApproved() async throws {
        let salon = try await Salon.make(staffCount: 1, keepsEvents: true)
        let engine = salon.engine
        var draft = MerchantDraft(salon.merchant)
        draft.rules.noShowPolicy = NoShowPolicy(strikes: 1, windowDays: 30, action: .requireApproval)
        _ = try await engine.updateMerchant(salon.merchant.id, draft, Salon.merchantContext).get()
        _ = try await engine.storeLineChannel(
            LineChannel(
                merchantID: salon.merchant.id, channelID: "1", sealedSecret: [1], sealedAccessToken: [2],
                accessTokenLast4: "abcd", liffID: nil, updatedAt: Salon.now)
        ).get()
        let missed = try await salon.book(salon.at(10)).get()
        _ = try await engine.markNoShow(missed.id, merchantID: salon.merchant.id, Salon.merchantContext).get()
        let tuesday = salon.at(Salon.monday.adding(days: 1), 9)
        #expect(engine.policyNeedsApproval(of: salon.customer.id, merchantID: salon.merchant.id, now: tuesday))
        #expect(!engine.policyStopsOnlineBooking(of: salon.customer.id, merchantID: salon.merchant.id, now: tuesday))
        let start = salon.at(Salon.monday.adding(days: 2), 10)
        let pending = try await salon.book(start, context: NoShowPolicyTests.customer(salon, at: tuesday)).get()
        #expect(pending.awaitingApproval && pending.status == .confirmed && pending.shownStatus == "pending")
        // Its time is held.
        let other = try await salon.book(start)
        #expect(other.rejection?.code == .overlap)
        func confirmations() -> Int {
            engine.notifications(NotificationQuery(merchantID: salon.merchant.id)).filter {
                $0.0.bookingID == pending.id && $0.0.kind == .confirmation
            }.count
        }
        #expect(confirmations() == 0)
        let approveContext = CommandContext(now: tuesday + 60, origin: Salon.merchantContext.origin)
        let approved = try await engine.approveBooking(pending.id, merchantID: salon.merchant.id, approveContext).get()
        #expect(!approved.awaitingApproval && approved.shownStatus == "confirmed")
        #expect(confirmations() == 1)
        #expect(engine.history(of: pending.id, merchantID: salon.merchant.id)?.last?.action == .approved)
        let again = try await engine.approveBooking(pending.id, merchantID: salon.merchant.id, approveContext)
        #expect(again.rejection?.code == .invalidStateTransition)
        // A second pending booking, declined: cancelled, the customer hears it.
        let second = try await salon.book(
            salon.at(Salon.monday.adding(days: 3), 10), context: NoShowPolicyTests.customer(salon, at: tuesday)
        ).get()
        let state = engine.store.snapshot()
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(state))
        #expect(decoded.ledger.bookings[second.id]?.awaitingApproval == true && decoded.digest() == state.digest())
        let declined = try await engine.cancelBooking(
            second.id, merchantID: salon.merchant.id, reason: "full", approveContext
        ).get()
        #expect(declined.status == .cancelled && !declined.awaitingApproval)
        // The log replays to the same state.
        var replayed = EngineState()
        for (index, event) in salon.log.events.enumerated() { try replayed.apply(event, lsn: LSN(index + 1)) }
        #expect(replayed.digest() == engine.store.read { $0.digest() })
    }
}
