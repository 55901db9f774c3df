extension Outbox {
    /// Creates and withdraws notifications for a booking event that was just applied to `ledger`.
    ///
    /// Deterministic: the ids come from the record's LSN, the times from the event, the retry keys from both, so
    /// replaying the log (or applying it on a follower) creates exactly the same notifications.
    mutating func react(to event: EngineEvent, lsn: LSN, catalog: Catalog, ledger: Ledger) {
        switch event {
        case .waitlistOffered(_, let hold):
            offer(hold, lsn: lsn, catalog: catalog)
        case .bookingCreated(let booking, _):
            // An offer's message is no longer worth sending once the offer is booked.
            if booking.holdID.map({ $0.rawValue == booking.id.rawValue }) == true {
                withdraw(of: booking.id, kinds: [.waitlistOffer], at: booking.createdAt, reason: "the offer was taken")
            }
            // A booking awaiting the salon's approval is confirmed to the customer when approved.
            guard !booking.awaitingApproval else { return }
            var maker = NotificationMaker(lsn: lsn, at: booking.createdAt)
            create([.confirmation], for: booking, at: booking.createdAt, maker: &maker, catalog: catalog)
        case .bookingApproved(let id, let at, _):
            guard let booking = ledger.bookings[id] else { return }
            var maker = NotificationMaker(lsn: lsn, at: at)
            create([.confirmation], for: booking, at: at, maker: &maker, catalog: catalog)
        case .bookingRescheduled(let id, _, _, let at, _):
            guard let booking = ledger.bookings[id] else { return }
            withdraw(of: id, kinds: [.reminder, .rescheduled], at: at, reason: "the booking was rescheduled")
            var maker = NotificationMaker(lsn: lsn, at: at)
            create([.rescheduled], for: booking, at: at, maker: &maker, catalog: catalog)
        case .bookingCancelled(let id, let at, _, _):
            guard let booking = ledger.bookings[id] else { return }
            withdraw(of: id, kinds: Set(NotificationKind.allCases), at: at, reason: "the booking was cancelled")
            var maker = NotificationMaker(lsn: lsn, at: at)
            create([.cancellation], for: booking, at: at, maker: &maker, catalog: catalog)
        case .bookingCompleted(let id, let at, _), .bookingMarkedNoShow(let id, let at, _):
            withdraw(of: id, kinds: [.reminder], at: at, reason: "the booking was closed")
        case .lineReachabilityChanged(let customerID, false, let at):
            guard let merchantID = catalog.customers[customerID]?.merchantID else { return }
            withdrawAll(
                of: customerID, merchantID: merchantID, at: at, reason: "the customer unfollowed the LINE account")
        case .customerErased(let customerID, let at, _):
            guard let merchantID = catalog.customers[customerID]?.merchantID else { return }
            withdrawAll(of: customerID, merchantID: merchantID, at: at, reason: "the customer was erased")
            forgetLineUser(of: customerID, merchantID: merchantID)
        default:
            return
        }
    }

    /// Creates the notices of `kinds` (and, unless cancelled, the reminders) for a booking, if its customer can
    /// be reached on the merchant's LINE channel.
    private mutating func create(
        _ kinds: [NotificationKind],
        for booking: Booking,
        at: Instant,
        maker: inout NotificationMaker,
        catalog: Catalog
    ) {
        guard let channel = channels[booking.merchantID],
            let customer = catalog.customers[booking.customerID],
            let lineUserID = customer.lineUserID,
            !unreachableCustomers.contains(customer.id)
        else { return }
        for kind in kinds {
            var deadline = at + Self.deliveryWindowSeconds
            if kind != .cancellation, booking.startsAt > at { deadline = min(deadline, booking.startsAt) }
            insert(maker.make(kind, for: booking, lineUserID: lineUserID, due: at, expires: deadline))
        }
        guard booking.status == .confirmed else { return }
        for offset in channel.settings.reminderOffsetsMinutes.sorted(by: >) {
            let due = booking.startsAt.adding(minutes: -offset)
            guard due > at else { continue }
            insert(maker.make(.reminder, for: booking, lineUserID: lineUserID, due: due, expires: booking.startsAt))
        }
    }

    /// Creates the "book this slot" message of a waitlist offer, due at once and worth sending while the offer
    /// holds, if the customer can be reached on the merchant's LINE channel.
    private mutating func offer(_ hold: Hold, lsn: LSN, catalog: Catalog) {
        guard channels[hold.merchantID] != nil, let customerID = hold.customerID,
            let customer = catalog.customers[customerID], let lineUserID = customer.lineUserID,
            !unreachableCustomers.contains(customerID)
        else { return }
        var maker = NotificationMaker(lsn: lsn, at: hold.createdAt)
        insert(
            maker.make(
                .waitlistOffer, merchantID: hold.merchantID, bookingID: BookingID(hold.id.rawValue),
                customerID: customerID, lineUserID: lineUserID, due: hold.createdAt, expires: hold.expiresAt))
    }

    /// Cancels a booking's pending notifications of `kinds`.
    private mutating func withdraw(of bookingID: BookingID, kinds: Set<NotificationKind>, at: Instant, reason: String) {
        for id in byBooking[bookingID] ?? [] {
            guard let notification = notifications[id], kinds.contains(notification.kind) else { continue }
            settle(id, as: .cancelled, at: at, error: reason)
        }
    }

    /// Cancels every pending notification to a customer (who unfollowed or blocked the account, or was erased).
    private mutating func withdrawAll(of customerID: CustomerID, merchantID: MerchantID, at: Instant, reason: String) {
        let ids = pending[merchantID]?.entries.map(\.id) ?? []
        for id in ids where notifications[id]?.customerID == customerID {
            settle(id, as: .cancelled, at: at, error: reason)
        }
    }

    /// Blanks the LINE user id kept in an erased customer's notifications (all settled by now).
    private mutating func forgetLineUser(of customerID: CustomerID, merchantID: MerchantID) {
        for id in byMerchant[merchantID] ?? [] {
            guard var notification = notifications[id], notification.customerID == customerID else { continue }
            precondition(notification.status != .pending, "an erased customer's notification is still pending")
            notification.lineUserID = ""
            replace(notification)
        }
    }
}

/// Hands out the notifications of one log record: ids from the LSN, retry keys from the ids and the booking.
struct NotificationMaker {
    /// Notifications one record may create (a notice and four reminders fit).
    static let perRecordMax: UInt64 = 8

    let lsn: LSN
    let at: Instant
    private var index: UInt64 = 0

    init(lsn: LSN, at: Instant) {
        precondition(lsn > 0 && lsn < (1 << 59), "LSN out of the notification id range")
        self.lsn = lsn
        self.at = at
    }

    mutating func make(
        _ kind: NotificationKind,
        for booking: Booking,
        lineUserID: String,
        due: Instant,
        expires: Instant
    ) -> Notification {
        make(
            kind, merchantID: booking.merchantID, bookingID: booking.id, customerID: booking.customerID,
            lineUserID: lineUserID, due: due, expires: expires)
    }

    mutating func make(
        _ kind: NotificationKind, merchantID: MerchantID, bookingID: BookingID, customerID: CustomerID,
        lineUserID: String, due: Instant, expires: Instant
    ) -> Notification {
        precondition(index < Self.perRecordMax, "too many notifications for one record")
        let id = NotificationID(lsn * Self.perRecordMax + index)
        index += 1
        return Notification(
            id: id,
            merchantID: merchantID,
            bookingID: bookingID,
            customerID: customerID,
            lineUserID: lineUserID,
            kind: kind,
            retryKey: RetryKey.make(notification: id, booking: bookingID, merchant: merchantID),
            createdAt: at,
            dueAt: due,
            expiresAt: max(expires, due)
        )
    }
}

/// The `X-Line-Retry-Key` of a notification: a version-4-shaped UUID derived from its identity, so it is fixed at
/// creation, the same on every node, and never repeats (booking ids are never reused; notification ids are unique
/// within a log).
enum RetryKey {
    static func make(notification: NotificationID, booking: BookingID, merchant: MerchantID) -> String {
        var mixer = SplitMix64(seed: notification.rawValue ^ (booking.rawValue &* 0x9E37_79B9_7F4A_7C15))
        let high = mixer.next() ^ merchant.rawValue
        let low = mixer.next()
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
        bytes += (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        let hex = bytes.map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}
