import Testing

@testable import Core

/// The outbox: which notifications booking changes create and withdraw, and what delivery outcomes do.
@Suite struct OutboxTests {
    static func channel(for merchant: Merchant, settings: MessagingSettings = MessagingSettings()) -> LineChannel {
        LineChannel(
            merchantID: merchant.id, channelID: "1657000000", sealedSecret: [1, 2, 3], sealedAccessToken: [4, 5, 6],
            accessTokenLast4: "abcd", liffID: nil, settings: settings, updatedAt: Salon.now)
    }

    /// A salon with a LINE channel.
    static func connectedSalon(settings: MessagingSettings = MessagingSettings()) async throws -> Salon {
        let salon = try await Salon.make(keepsEvents: true)
        _ = try await salon.engine.storeLineChannel(channel(for: salon.merchant, settings: settings)).get()
        return salon
    }

    func notifications(_ salon: Salon, booking: BookingID) -> [Notification] {
        salon.engine.store.read { $0.outbox.notifications(ofBooking: booking) }
    }

    @Test func aBookingCreatesAConfirmationAndTwoReminders() async throws {
        let salon = try await Self.connectedSalon()
        let start = salon.at(11)
        let booking = try await salon.book(start).get()
        let made = notifications(salon, booking: booking.id)
        #expect(made.map(\.kind) == [.confirmation, .reminder, .reminder])
        #expect(made.allSatisfy { $0.status == .pending && $0.lineUserID == "U0001" && $0.attempts == 0 })
        #expect(made[0].dueAt == Salon.now)
        #expect(made[0].expiresAt == Salon.now + Outbox.deliveryWindowSeconds)
        #expect(made[1].dueAt == start + -86_400 && made[1].expiresAt == start)
        #expect(made[2].dueAt == start + -7_200 && made[2].expiresAt == start)
        let keys = made.map(\.retryKey)
        #expect(Set(keys).count == 3)
        let uuid = #/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/#
        #expect(keys.allSatisfy { $0.wholeMatch(of: uuid) != nil }, "\(keys)")
        #expect(salon.engine.store.read { $0.outbox.pendingCount } == 3)
    }

    @Test func remindersAlreadyPastAreNotCreated() async throws {
        let salon = try await Self.connectedSalon()
        // Booked for 11:00 today: the 24 h reminder is already past, the 2 h one is not.
        let soon = salon.at(LocalDate(year: 2026, month: 11, day: 27)!, 11)
        let booking = try await salon.book(soon).get()
        #expect(notifications(salon, booking: booking.id).map(\.kind) == [.confirmation, .reminder])
    }

    @Test func nothingIsCreatedWithoutAChannelALineUserOrReachability() async throws {
        let plain = try await Salon.make()
        let booking = try await plain.book(plain.at(11)).get()
        #expect(notifications(plain, booking: booking.id).isEmpty)

        var salon = try await Self.connectedSalon()
        let walkIn = try await salon.engine.createCustomer(
            merchantID: salon.merchant.id, CustomerDraft(displayName: "Walk-in"), Salon.merchantContext
        ).get()
        salon.customer = walkIn
        #expect(notifications(salon, booking: try await salon.book(salon.at(12)).get().id).isEmpty)

        let lineSalon = try await Self.connectedSalon()
        try await lineSalon.engine.lineUserUnfollowed("U0001", merchantID: lineSalon.merchant.id, at: Salon.now)
        #expect(notifications(lineSalon, booking: try await lineSalon.book(lineSalon.at(11)).get().id).isEmpty)
    }

    @Test func aRescheduleWithdrawsRemindersAndAnnouncesTheNewTime() async throws {
        let salon = try await Self.connectedSalon()
        let booking = try await salon.book(salon.at(11)).get()
        let moved = try await salon.engine.rescheduleBooking(
            booking.id, merchantID: salon.merchant.id, to: BookingMove(startsAt: salon.at(17)), Salon.merchantContext
        ).get()
        let all = notifications(salon, booking: booking.id)
        #expect(all.map(\.kind) == [.confirmation, .reminder, .reminder, .rescheduled, .reminder, .reminder])
        #expect(all[1].status == .cancelled && all[2].status == .cancelled)
        #expect(all[1].lastError == "the booking was rescheduled")
        #expect(all[0].status == .pending && all[3].status == .pending)
        #expect(all[4].dueAt == moved.startsAt + -86_400 && all[5].expiresAt == moved.startsAt)
    }

    @Test func aCancellationWithdrawsEverythingPendingAndSaysSo() async throws {
        let salon = try await Self.connectedSalon()
        let booking = try await salon.book(salon.at(11)).get()
        _ = try await salon.engine.cancelBooking(
            booking.id, merchantID: salon.merchant.id, reason: nil, Salon.merchantContext
        ).get()
        let all = notifications(salon, booking: booking.id)
        #expect(all.map(\.kind) == [.confirmation, .reminder, .reminder, .cancellation])
        #expect(all.prefix(3).allSatisfy { $0.status == .cancelled })
        #expect(all[3].status == .pending)
        #expect(salon.engine.store.read { $0.outbox.pendingCount } == 1)
    }

    @Test func completingABookingWithdrawsItsReminders() async throws {
        let salon = try await Self.connectedSalon()
        let booking = try await salon.book(salon.at(11)).get()
        _ = try await salon.engine.completeBooking(booking.id, merchantID: salon.merchant.id, Salon.merchantContext)
        #expect(notifications(salon, booking: booking.id).map(\.status) == [.pending, .cancelled, .cancelled])
    }

    @Test func unfollowingWithdrawsEverythingPendingForThatCustomer() async throws {
        let salon = try await Self.connectedSalon()
        let first = try await salon.book(salon.at(11)).get()
        let second = try await salon.book(salon.at(17)).get()
        try await salon.engine.lineUserUnfollowed("U0001", merchantID: salon.merchant.id, at: Salon.now + 1)
        let all = notifications(salon, booking: first.id) + notifications(salon, booking: second.id)
        #expect(all.count == 6 && all.allSatisfy { $0.status == .cancelled })
        #expect(salon.engine.store.read { $0.outbox.pendingCount } == 0)
        // Following again makes them reachable (new bookings notify); it does not revive withdrawn ones.
        _ = try await salon.engine.lineUserFollowed(
            "U0001", displayName: "王小姐", merchantID: salon.merchant.id, Salon.merchantContext
        ).get()
        let third = try await salon.book(salon.at(18)).get()
        #expect(notifications(salon, booking: third.id).count == 3)
    }

    @Test func outcomesMoveNotificationsAlongAndCountTheQuota() async throws {
        let salon = try await Self.connectedSalon()
        let booking = try await salon.book(salon.at(11)).get()
        let made = notifications(salon, booking: booking.id)
        let later = Salon.now + 30
        _ = try await salon.engine.recordDeliveries(
            [
                NotificationOutcome(id: made[0].id, result: .sent),
                NotificationOutcome(id: made[1].id, result: .retry(nextAttemptAt: later, error: "LINE answered 500")),
                NotificationOutcome(id: made[2].id, result: .failed(error: "The request body has 1 error(s)")),
            ], at: Salon.now + 1)
        let after = notifications(salon, booking: booking.id)
        #expect(after[0].status == .sent && after[0].sentAt == Salon.now + 1 && after[0].attempts == 1)
        #expect(after[1].status == .pending && after[1].dueAt == later && after[1].lastError == "LINE answered 500")
        #expect(after[2].status == .failed && after[2].attempts == 1)
        let used = salon.engine.store.read {
            $0.outbox.pushesSent(by: salon.merchant.id, inMonthOf: Salon.now, zone: salon.merchant.zone)
        }
        #expect(used == 1)
        // The due queue follows the retry time.
        #expect(salon.engine.store.read { $0.outbox.due(of: salon.merchant.id, at: Salon.now + 10, limit: 9) }.isEmpty)
        #expect(salon.engine.store.read { $0.outbox.due(of: salon.merchant.id, at: later, limit: 9) }.count == 1)
    }

    @Test func aRefusedTokenParksTheMerchantsNotificationsUntilNewCredentials() async throws {
        let salon = try await Self.connectedSalon()
        let booking = try await salon.book(salon.at(11)).get()
        let made = notifications(salon, booking: booking.id)
        _ = try await salon.engine.recordDeliveries(
            [NotificationOutcome(id: made[0].id, result: .channelRejected(error: "LINE refused the token (401)"))],
            at: Salon.now)
        let parked = salon.engine.notifications(NotificationQuery(merchantID: salon.merchant.id, status: .parked))
        #expect(parked.count == 3)
        #expect(salon.engine.lineChannel(of: salon.merchant.id)?.state == .tokenInvalid)
        _ = try await salon.engine.storeLineChannel(Self.channel(for: salon.merchant)).get()
        let pending = salon.engine.notifications(NotificationQuery(merchantID: salon.merchant.id, status: .pending))
        #expect(pending.count == 3)
        #expect(pending.first?.0.attempts == 1)
    }

    @Test func aSendThatRacedACancellationIsStillRecordedAsSent() async throws {
        let salon = try await Self.connectedSalon()
        let booking = try await salon.book(salon.at(11)).get()
        let confirmation = notifications(salon, booking: booking.id)[0]
        _ = try await salon.engine.cancelBooking(
            booking.id, merchantID: salon.merchant.id, reason: nil, Salon.merchantContext)
        _ = try await salon.engine.recordDeliveries(
            [NotificationOutcome(id: confirmation.id, result: .retry(nextAttemptAt: Salon.now, error: "late"))],
            at: Salon.now)
        #expect(notifications(salon, booking: booking.id)[0].status == .cancelled)
        _ = try await salon.engine.recordDeliveries(
            [NotificationOutcome(id: confirmation.id, result: .sent)], at: Salon.now)
        #expect(notifications(salon, booking: booking.id)[0].status == .sent)
    }

    @Test func settledNotificationsAndWebhookIDsAreForgottenAfterTheirRetention() async throws {
        let salon = try await Self.connectedSalon()
        let booking = try await salon.book(salon.at(11)).get()
        try await salon.engine.recordWebhookEventsHandled(["evt-1"], of: salon.merchant.id, at: Salon.now)
        #expect(salon.engine.store.read { $0.outbox.hasHandled(webhookEventID: "evt-1", of: salon.merchant.id) })
        let ids = notifications(salon, booking: booking.id).map(\.id)
        _ = try await salon.engine.recordDeliveries(
            ids.map { NotificationOutcome(id: $0, result: .sent) }, at: Salon.now + 8 * 86_400)
        #expect(!salon.engine.store.read { $0.outbox.hasHandled(webhookEventID: "evt-1", of: salon.merchant.id) })
        #expect(notifications(salon, booking: booking.id).count == 3)
        try await salon.engine.recordWebhookEventsHandled(
            ["evt-2"], of: salon.merchant.id, at: Salon.now + Outbox.retentionSeconds + 1)
        #expect(notifications(salon, booking: booking.id).isEmpty)
        #expect(salon.engine.store.read { $0.outbox.notifications.isEmpty && $0.outbox.pendingCount == 0 })
    }

    @Test func replayingTheLogRebuildsTheSameOutbox() async throws {
        let salon = try await Self.connectedSalon()
        for hour in [11, 15, 17] { _ = try await salon.book(salon.at(hour)).get() }
        let original = salon.engine.store.snapshot()
        var replayed = EngineState()
        for (index, event) in salon.log.events.enumerated() {
            try replayed.apply(try EventCodec.decode(EventCodec.encode(event)), lsn: LSN(index + 1))
        }
        #expect(replayed.digest() == original.digest())
        #expect(replayed.outbox.notifications == original.outbox.notifications)
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(original))
        #expect(decoded.outbox.notifications == original.outbox.notifications)
        #expect(decoded.outbox.pendingCount == original.outbox.pendingCount)
    }

    @Test func settingsAreValidated() async throws {
        let salon = try await Salon.make()
        let bad: [(MessagingSettings, String)] = [
            (MessagingSettings(reminderOffsetsMinutes: [1, 60]), "reminderOffsetsMinutes"),
            (MessagingSettings(reminderOffsetsMinutes: [60, 60]), "reminderOffsetsMinutes"),
            (MessagingSettings(monthlyPushLimit: -1), "monthlyPushLimit"),
            (MessagingSettings(language: "fr"), "language"),
            (MessagingSettings(templates: ["birthday": "hi"]), "templates"),
            (MessagingSettings(bookingKeywords: [""]), "bookingKeywords"),
        ]
        for (settings, field) in bad {
            let result = try await salon.engine.storeLineChannel(Self.channel(for: salon.merchant, settings: settings))
            guard case .failure(let rejection) = result else {
                Issue.record("accepted \(settings)")
                continue
            }
            #expect(rejection.field == field)
        }
    }
}
