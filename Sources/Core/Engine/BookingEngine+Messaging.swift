extension BookingEngine {
    /// Stores a merchant's LINE channel: credentials sealed by the caller, settings validated here. Storing again
    /// (new credentials) makes the channel `ok`, which resumes notifications parked by a refused token.
    public func storeLineChannel(_ channel: LineChannel) async throws(DurabilityError) -> Result<LineChannel, Rejection>
    {
        guard merchant(channel.merchantID) != nil else { return .failure(.notFound("merchant")) }
        if let rejection = MessagingValidation.channel(channel) { return .failure(rejection) }
        return try await committing(channel, .lineChannelStored(channel))
    }

    /// Records what became of deliveries (the sender's batch); returns the record's LSN.
    public func recordDeliveries(_ outcomes: [NotificationOutcome], at: Instant) async throws(DurabilityError) -> LSN {
        precondition(!outcomes.isEmpty, "an empty delivery record")
        let stamped = store.read { state in
            outcomes.map { outcome in
                guard outcome.result == .sent, outcome.quotaMonth == nil,
                    let merchantID = state.outbox.notifications[outcome.id]?.merchantID,
                    let zone = state.catalog.merchants[merchantID]?.zone
                else { return outcome }
                var stamped = outcome
                stamped.quotaMonth = MonthlyUsage.month(of: at, in: zone)
                return stamped
            }
        }
        return try await commit(.notificationsSettled(stamped, at: at))
    }

    /// Remembers that webhook events were handled, so their redeliveries are ignored.
    public func recordWebhookEventsHandled(_ eventIDs: [String], of merchantID: MerchantID, at: Instant)
        async throws(DurabilityError)
    {
        precondition(!eventIDs.isEmpty, "an empty webhook record")
        _ = try await commit(.lineWebhookEventsHandled(merchantID, eventIDs: eventIDs, at: at))
    }

    /// A LINE user followed (or unblocked) the merchant's account: creates the customer, or makes an existing one
    /// reachable again.
    public func lineUserFollowed(
        _ lineUserID: String,
        displayName: String,
        merchantID: MerchantID,
        _ context: CommandContext
    ) async throws(DurabilityError) -> Result<Customer, Rejection> {
        guard let existing = customer(lineUserID: lineUserID, merchantID: merchantID) else {
            let name = MessagingValidation.displayName(displayName)
            let draft = CustomerDraft(displayName: name, lineUserID: lineUserID, phone: nil)
            return try await createCustomer(merchantID: merchantID, draft, context)
        }
        guard store.read({ $0.outbox.unreachableCustomers.contains(existing.id) }) else { return .success(existing) }
        return try await committing(existing, .lineReachabilityChanged(existing.id, reachable: true, at: context.now))
    }

    /// A LINE user unfollowed or blocked the merchant's account: nothing more is pushed to them, and their
    /// pending notifications are withdrawn. Unknown users are ignored.
    public func lineUserUnfollowed(_ lineUserID: String, merchantID: MerchantID, at: Instant)
        async throws(DurabilityError)
    {
        guard let existing = customer(lineUserID: lineUserID, merchantID: merchantID),
            !store.read({ $0.outbox.unreachableCustomers.contains(existing.id) })
        else { return }
        _ = try await commit(.lineReachabilityChanged(existing.id, reachable: false, at: at))
    }

    /// The customer confirms they will come to a booking of theirs.
    public func confirmAttendance(
        _ id: BookingID, customerID: CustomerID, merchantID: MerchantID, _ context: CommandContext
    )
        async throws(DurabilityError) -> Result<Booking, Rejection>
    {
        let owner = ScheduleOwner.booking(id)
        guard beginChange(owner) else { return .failure(Self.busy) }
        defer { endChange(owner) }
        guard let booking = booking(id, merchantID: merchantID), booking.customerID == customerID else {
            return .failure(.notFound("booking"))
        }
        guard booking.status == .confirmed else { return .failure(Self.notConfirmed(booking)) }
        _ = try await commit(.bookingAttendanceConfirmed(id, at: context.now, origin: context.origin))
        return .success(booking)
    }

    /// Sends a failed notification again (LINE refused it, or the monthly limit was reached): it is pending from
    /// now, and the sender tries it as any other.
    public func resendNotification(_ id: NotificationID, merchantID: MerchantID, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Void, Rejection>
    {
        let found = store.read { state -> (NotificationStatus, erased: Bool)? in
            guard let notification = state.outbox.notifications[id], notification.merchantID == merchantID else {
                return nil
            }
            let erased = state.catalog.customers[notification.customerID]?.erasedAt != nil
            return (state.outbox.status(of: notification), erased)
        }
        guard let (status, erased) = found else { return .failure(.notFound("notification")) }
        guard !erased else { return .failure(Self.erased) }
        guard status == .failed else {
            return .failure(Rejection(.invalidStateTransition, "only a failed notification can be sent again"))
        }
        guard resending.withLock({ $0.insert(id).inserted }) else {
            return .failure(Rejection(.concurrentModification, "the notification is being sent again"))
        }
        defer { _ = resending.withLock { $0.remove(id) } }
        return try await committing((), .notificationResent(id, at: context.now, origin: context.origin))
    }

    /// A merchant's LINE channel.
    public func lineChannel(of merchantID: MerchantID) -> LineChannel? {
        store.read { $0.outbox.channels[merchantID] }
    }

    /// A merchant's notifications matching a filter, oldest first, each with its shown status.
    public func notifications(_ query: NotificationQuery) -> [(Notification, NotificationStatus)] {
        store.read { state in
            let outbox = state.outbox
            let candidates =
                query.bookingID.map { outbox.notifications(ofBooking: $0) }
                ?? outbox.notifications(of: query.merchantID)
            return candidates.compactMap { notification in
                let status = outbox.status(of: notification)
                guard notification.merchantID == query.merchantID,
                    query.status.map({ $0 == status }) ?? true,
                    query.since.map({ notification.createdAt >= $0 }) ?? true
                else { return nil }
                return (notification, status)
            }
        }
    }
}

/// Which notifications to list.
public struct NotificationQuery: Sendable {
    /// The merchant.
    public var merchantID: MerchantID
    /// Only those with this (shown) status.
    public var status: NotificationStatus?
    /// Only those created at or after this instant.
    public var since: Instant?
    /// Only those about this booking.
    public var bookingID: BookingID?

    /// Creates a query.
    public init(
        merchantID: MerchantID, status: NotificationStatus? = nil, since: Instant? = nil, bookingID: BookingID? = nil
    ) {
        self.merchantID = merchantID
        self.status = status
        self.since = since
        self.bookingID = bookingID
    }
}
