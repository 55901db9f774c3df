/// One durable state change of the engine: the unit the write-ahead log persists and replays.
///
/// Events carry everything needed to apply them (ids, times, the chosen staff member), so applying the same
/// events to an empty state always rebuilds the same state: no clock, randomness or choice happens in `apply`.
public enum EngineEvent: Hashable, Sendable {
    /// A merchant was created.
    case merchantCreated(Merchant)
    /// A merchant's settings changed (the whole new merchant).
    case merchantUpdated(Merchant)
    /// A staff member was created.
    case staffCreated(Staff)
    /// A staff member changed (the whole new record, time off included).
    case staffUpdated(Staff)
    /// A time-off range was added to a staff member.
    case timeOffAdded(StaffID, TimeOff)
    /// A time-off range was removed.
    case timeOffRemoved(StaffID, TimeOffID)
    /// A service was created.
    case serviceCreated(Service)
    /// A service changed (the whole new record).
    case serviceUpdated(Service)
    /// A customer was created.
    case customerCreated(Customer)
    /// A customer changed (the whole new record).
    case customerUpdated(Customer)
    /// A hold was placed.
    case holdCreated(Hold)
    /// A hold was released before it expired.
    case holdReleased(HoldID, at: Instant, origin: Origin)
    /// A booking was made; when it came with an idempotency key, the key is remembered with it.
    case bookingCreated(Booking, idempotency: IdempotencyRecord?)
    /// A booking was cancelled.
    case bookingCancelled(BookingID, at: Instant, reason: String?, origin: Origin)
    /// A booking moved to another start and/or staff member; its duration and buffers are kept.
    case bookingRescheduled(BookingID, staffID: StaffID, startsAt: Instant, at: Instant, origin: Origin)
    /// A booking was completed.
    case bookingCompleted(BookingID, at: Instant, origin: Origin)
    /// A booking was marked as a no-show.
    case bookingMarkedNoShow(BookingID, at: Instant, origin: Origin)
    /// A merchant API key was issued (only its digest is recorded).
    case apiKeyIssued(ApiKey)
    /// A merchant API key was revoked.
    case apiKeyRevoked(ApiKeyID, at: Instant)
    /// Expired holds and idempotency keys were swept away.
    case expiredSwept(holds: [HoldID], idempotencyKeys: [IdempotencyKey], at: Instant)
    /// The customer confirmed they will come (from a LINE button).
    case bookingAttendanceConfirmed(BookingID, at: Instant, origin: Origin)
    /// The salon approved a booking that waited for its approval (`Booking.awaitingApproval`).
    case bookingApproved(BookingID, at: Instant, origin: Origin)
    /// Terminal bookings left memory for an archive file, which was written and synced before this was logged.
    case bookingsArchived(ArchiveBatch)
    /// A merchant's LINE channel credentials (sealed) or messaging settings were stored; the channel is `ok` again.
    case lineChannelStored(LineChannel)
    /// A customer followed (true) or unfollowed or blocked (false) the merchant's LINE account.
    case lineReachabilityChanged(CustomerID, reachable: Bool, at: Instant)
    /// LINE webhook events were handled; their ids are remembered so that redeliveries are recognised.
    case lineWebhookEventsHandled(MerchantID, eventIDs: [String], at: Instant)
    /// The notification sender recorded what became of deliveries.
    case notificationsSettled([NotificationOutcome], at: Instant)
    /// An invite to make a user account was created (only its token's digest is recorded).
    case inviteCreated(Invite)
    /// A user account was made, from an invite (which is used up) or by the platform.
    case userAccountCreated(UserAccount, invite: InviteID?)
    /// A user account changed (the whole new record: password, role, second factor, removal).
    case userAccountUpdated(UserAccount)
    /// Salon staff asked to send a failed notification again: it is pending from `at`.
    case notificationResent(NotificationID, at: Instant, origin: Origin)
    /// A customer's personal data was erased on request; their bookings stay, with their free texts blanked.
    case customerErased(CustomerID, at: Instant, origin: Origin)
    /// A salon defined a shared resource.
    case resourceCreated(Resource)
    /// A resource was renamed or its capacity changed (the whole new resource).
    case resourceUpdated(Resource)
    /// A customer joined a salon's waitlist.
    case waitlistJoined(WaitlistEntry)
    /// Waiting entries left the waitlist without an offer: removed, or their window passed.
    case waitlistLeft([WaitlistEntryID], at: Instant, exit: WaitlistExit, origin: Origin)
    /// A freed slot was offered to a waiting entry: the hold that keeps it for the customer is placed by this same
    /// record, so the offer and its hold are made (and replayed) together.
    case waitlistOffered(WaitlistEntryID, Hold)
}

/// An idempotency key, scoped to its merchant.
public struct IdempotencyKey: Hashable, Sendable {
    /// The merchant whose request carried it.
    public var merchantID: MerchantID
    /// The key as the client sent it.
    public var key: String

    /// Creates a key.
    public init(merchantID: MerchantID, key: String) {
        self.merchantID = merchantID
        self.key = key
    }

    /// The longest key accepted.
    public static let maxLength = 255
}

/// What the log remembers about an idempotent request that succeeded.
public struct IdempotencyRecord: Hashable, Sendable {
    /// The key.
    public var key: IdempotencyKey
    /// A stable fingerprint of the request's content.
    public var fingerprint: UInt64
    /// When the key stops being remembered.
    public var expiresAt: Instant

    /// Creates a record.
    public init(key: IdempotencyKey, fingerprint: UInt64, expiresAt: Instant) {
        self.key = key
        self.fingerprint = fingerprint
        self.expiresAt = expiresAt
    }

    /// How long keys are remembered: 24 hours.
    public static let lifetimeSeconds: Int64 = 24 * 3600
}
