import Testing

@testable import Core

/// Erasure of one customer on request: personal data replaced, bookings kept for the salon's figures.
@Suite struct CustomerErasureTests {
    static let later = CommandContext(now: Salon.now + 600, origin: Salon.merchantContext.origin)

    /// A connected salon where the customer has a booking with a note, a cancelled one with a reason, and another
    /// customer has a booking with a note; the first customer's note and phone are set.
    static func world() async throws -> (Salon, kept: Booking, cancelled: Booking, other: Booking) {
        var salon = try await OutboxTests.connectedSalon()
        let engine = salon.engine
        var request = salon.request(salon.at(11))
        request.note = "窗邊 please"
        let kept = try await engine.createBooking(request, Salon.merchantContext).get()
        let cancelled = try await salon.book(salon.at(15)).get()
        _ = try await engine.cancelBooking(
            cancelled.id, merchantID: salon.merchant.id, reason: "手術 surgery", Salon.merchantContext
        ).get()
        _ = try await engine.updateCustomerRecord(
            salon.customer.id, merchantID: salon.merchant.id, note: "對凝膠過敏", blockedFromOnlineBooking: false,
            Salon.merchantContext
        ).get()
        salon.customer = try await engine.updateCustomer(
            salon.customer.id, merchantID: salon.merchant.id,
            CustomerDraft(displayName: "王小姐", lineUserID: "U0001", phone: "0912 345 678"), Salon.merchantContext
        ).get()
        let stranger = try await engine.createCustomer(
            merchantID: salon.merchant.id, CustomerDraft(displayName: "林小姐", lineUserID: "U0002"),
            Salon.merchantContext
        ).get()
        var otherRequest = salon.request(salon.at(17))
        otherRequest.customerID = stranger.id
        otherRequest.note = "林's note"
        let other = try await engine.createBooking(otherRequest, Salon.merchantContext).get()
        _ = try await engine.cancelBooking(other.id, merchantID: salon.merchant.id, reason: "林 sick", later).get()
        return (salon, kept, cancelled, other)
    }

    @Test func erasureBlanksExactlyThePersonalDataAndKeepsTheBookings() async throws {
        let (salon, kept, cancelled, other) = try await Self.world()
        let engine = salon.engine
        let before = engine.store.snapshot()
        let erased = try await engine.eraseCustomer(salon.customer.id, merchantID: salon.merchant.id, Self.later).get()
        var expected = salon.customer
        expected.displayName = "(erased)"
        expected.lineUserID = nil
        expected.phone = nil
        expected.note = ""
        expected.erasedAt = Self.later.now
        #expect(erased == expected)
        #expect(engine.customer(salon.customer.id, merchantID: salon.merchant.id) == expected)

        let after = engine.store.snapshot()
        #expect(after.ledger.bookings.count == before.ledger.bookings.count)
        #expect(after.ledger.confirmedCount == before.ledger.confirmedCount)
        for id in [kept.id, cancelled.id] {
            var blanked = try #require(before.ledger.bookings[id])
            blanked.note = ""
            if blanked.cancelReason != nil { blanked.cancelReason = "" }
            #expect(after.ledger.bookings[id] == blanked)
            #expect(after.ledger.history(of: id).count == before.ledger.history(of: id).count)
        }
        #expect(after.ledger.bookings[kept.id]?.note == "" && after.ledger.bookings[cancelled.id]?.cancelReason == "")
        #expect(after.ledger.history(of: cancelled.id).last?.action == .cancelled(reason: ""))
        // Another customer's texts stay.
        #expect(after.ledger.bookings[other.id] == before.ledger.bookings[other.id])
        #expect(after.ledger.bookings[other.id]?.note == "林's note")
        #expect(after.ledger.history(of: other.id).last?.action == .cancelled(reason: "林 sick"))
        #expect(after.catalog.customer(merchantID: salon.merchant.id, lineUserID: "U0002") != nil)
    }

    @Test func erasureCancelsPendingNotificationsAndForgetsTheLineUser() async throws {
        let (salon, kept, _, other) = try await Self.world()
        let engine = salon.engine
        let pending = engine.store.read { $0.outbox.notifications(ofBooking: kept.id) }.filter { $0.status == .pending }
        #expect(!pending.isEmpty)
        _ = try await engine.eraseCustomer(salon.customer.id, merchantID: salon.merchant.id, Self.later).get()
        let mine = engine.store.read { state in
            state.outbox.notifications(of: salon.merchant.id).filter { $0.customerID == salon.customer.id }
        }
        #expect(!mine.isEmpty && mine.allSatisfy { $0.status != .pending && $0.lineUserID.isEmpty })
        #expect(pending.allSatisfy { note in mine.first { $0.id == note.id }?.status == .cancelled })
        let theirs = engine.store.read { $0.outbox.notifications(ofBooking: other.id) }
        #expect(theirs.allSatisfy { $0.lineUserID == "U0002" })
        // A later booking of the erased customer (staff may still book them) notifies nobody.
        let again = try await salon.book(salon.at(18)).get()
        #expect(engine.store.read { $0.outbox.notifications(ofBooking: again.id) }.isEmpty)

        #expect(engine.customer(lineUserID: "U0001", merchantID: salon.merchant.id) == nil)
        let newcomer = try await engine.lineUserFollowed(
            "U0001", displayName: "王小姐", merchantID: salon.merchant.id, Self.later
        ).get()
        #expect(newcomer.id != salon.customer.id && newcomer.erasedAt == nil)
        #expect(engine.customer(salon.customer.id, merchantID: salon.merchant.id)?.lineUserID == nil)
    }

    @Test func erasureIsIdempotentAndFinal() async throws {
        let (salon, _, _, _) = try await Self.world()
        let engine = salon.engine
        let first = try await engine.eraseCustomer(salon.customer.id, merchantID: salon.merchant.id, Self.later).get()
        let events = salon.log.events.count
        let second = try await engine.eraseCustomer(
            salon.customer.id, merchantID: salon.merchant.id, CommandContext(now: Salon.now + 9_999, origin: .system)
        ).get()
        #expect(second == first && salon.log.events.count == events)
        let unknown = try await engine.eraseCustomer(CustomerID(999_999), merchantID: salon.merchant.id, Self.later)
        #expect(unknown == .failure(.notFound("customer")))
        let update = try await engine.updateCustomer(
            salon.customer.id, merchantID: salon.merchant.id, CustomerDraft(displayName: "王小姐", phone: "0912"),
            Self.later)
        #expect(update == .failure(.invalid("customer", "the customer was erased")))
        let record = try await engine.updateCustomerRecord(
            salon.customer.id, merchantID: salon.merchant.id, note: "again", blockedFromOnlineBooking: false,
            Self.later)
        #expect(record == .failure(.invalid("customer", "the customer was erased")))
        let online = CommandContext(
            now: Salon.now, origin: Origin(author: .customer(salon.customer.id), channel: .line))
        let booked = try await salon.book(salon.at(19), context: online)
        #expect(booked == .failure(BookingEngine.blocked))
        // An update that raced the erasure brings nothing back.
        var state = engine.store.snapshot()
        var stale = salon.customer
        stale.blockedFromOnlineBooking = true
        try state.apply(.customerUpdated(stale), lsn: state.appliedLSN + 1)
        let raced = try #require(state.catalog.customers[salon.customer.id])
        #expect(raced.displayName == "(erased)" && raced.lineUserID == nil && raced.phone == nil)
        #expect(raced.blockedFromOnlineBooking && raced.erasedAt == Self.later.now)
        #expect(state.catalog.customer(merchantID: salon.merchant.id, lineUserID: "U0001") == nil)
    }

    @Test func replayAndSnapshotKeepTheErasure() async throws {
        let (salon, _, _, _) = try await Self.world()
        let engine = salon.engine
        let digestBefore = engine.store.snapshot().digest()
        _ = try await engine.eraseCustomer(salon.customer.id, merchantID: salon.merchant.id, Self.later).get()
        let original = engine.store.snapshot()
        #expect(original.digest() != digestBefore)
        var replayed = EngineState()
        for (index, event) in salon.log.events.enumerated() {
            try replayed.apply(try EventCodec.decode(EventCodec.encode(event)), lsn: LSN(index + 1))
        }
        #expect(replayed.digest() == original.digest())
        #expect(replayed.outbox.notifications == original.outbox.notifications)
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(original))
        #expect(decoded.digest() == original.digest())
        #expect(decoded.catalog.customers[salon.customer.id]?.erasedAt == Self.later.now)
        #expect(decoded.catalog.customers == original.catalog.customers)
        #expect(decoded.outbox.notifications == original.outbox.notifications)
        #expect(decoded.catalog.customer(merchantID: salon.merchant.id, lineUserID: "U0001") == nil)
    }
}
