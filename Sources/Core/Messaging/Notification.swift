/// Marker for notification identifiers ("ntf_…").
public enum NotificationKindMarker: IdentifierKind { public static let prefix = "ntf" }
/// Identifies a customer notification (one LINE push).
public typealias NotificationID = Identifier<NotificationKindMarker>

/// Why a customer is told something.
public enum NotificationKind: UInt8, Hashable, Sendable, CaseIterable {
    /// The booking was made.
    case confirmation = 1
    /// The booking moved to another time or staff member.
    case rescheduled = 2
    /// The booking was called off (by either side).
    case cancellation = 3
    /// The appointment is coming up.
    case reminder = 4
    /// A slot freed for a customer on the waitlist: "book this slot" (its `bookingID` is the one the booking will
    /// have if they take it).
    case waitlistOffer = 5

    /// The stable name used in APIs.
    public var name: String {
        switch self {
        case .confirmation: return "confirmation"
        case .rescheduled: return "rescheduled"
        case .cancellation: return "cancellation"
        case .reminder: return "reminder"
        case .waitlistOffer: return "waitlistOffer"
        }
    }

    /// Whether it competes for the last part of the monthly quota (confirmations do, reminders give way).
    public var isEssential: Bool { self != .reminder }
}

/// Where a notification is in its life. `parked` is not stored: it is a pending notification whose merchant's
/// channel token was refused by LINE (see ``Outbox/status(of:)``).
public enum NotificationStatus: UInt8, Hashable, Sendable, CaseIterable {
    /// Waiting to be sent (possibly after a failed attempt).
    case pending = 1
    /// LINE accepted it.
    case sent = 2
    /// LINE refused it for good (a 400, the monthly limit).
    case failed = 3
    /// Waiting for the merchant to store working LINE credentials.
    case parked = 4
    /// Its moment passed before it could be delivered (a reminder after its appointment).
    case expired = 5
    /// Withdrawn: the booking changed, the customer unfollowed, or the quota is kept for confirmations.
    case cancelled = 6

    /// The stable name used in APIs.
    public var name: String {
        switch self {
        case .pending: return "pending"
        case .sent: return "sent"
        case .failed: return "failed"
        case .parked: return "parked"
        case .expired: return "expired"
        case .cancelled: return "cancelled"
        }
    }

    /// Parses a stable name.
    public init?(name: String) {
        guard let status = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = status
    }

    /// Whether nothing more will happen to it.
    public var isSettled: Bool { self != .pending && self != .parked }
}

/// One LINE push to one customer about one booking: the outbox entry and its delivery log.
///
/// Notifications are never chosen by the sender: applying a booking event creates them (see ``Outbox``), so the
/// log record that changes a booking is the record that creates its notifications, and replay rebuilds them.
public struct Notification: Hashable, Sendable {
    /// The identifier (derived from the LSN of the record that created it).
    public var id: NotificationID
    /// The merchant whose LINE channel sends it.
    public var merchantID: MerchantID
    /// The booking it is about (for a waitlist offer, the id the booking takes if the offer is accepted).
    public var bookingID: BookingID
    /// The customer it goes to.
    public var customerID: CustomerID
    /// The customer's LINE user id when it was created.
    public var lineUserID: String
    /// What it says.
    public var kind: NotificationKind
    /// The `X-Line-Retry-Key` sent with every attempt: fixed at creation, so LINE drops a repeat.
    public var retryKey: String
    /// When it was created.
    public var createdAt: Instant
    /// When it should be (re)tried next.
    public var dueAt: Instant
    /// After this it is no longer worth sending.
    public var expiresAt: Instant
    /// The stored status (`parked` is derived, never stored).
    public var status: NotificationStatus
    /// How many times delivery was attempted.
    public var attempts: Int
    /// The last failure's reason, in words (never a secret).
    public var lastError: String?
    /// When LINE accepted it.
    public var sentAt: Instant?
    /// When it was settled (sent, failed, expired or cancelled).
    public var settledAt: Instant?

    /// Creates a pending notification.
    public init(
        id: NotificationID,
        merchantID: MerchantID,
        bookingID: BookingID,
        customerID: CustomerID,
        lineUserID: String,
        kind: NotificationKind,
        retryKey: String,
        createdAt: Instant,
        dueAt: Instant,
        expiresAt: Instant
    ) {
        self.id = id
        self.merchantID = merchantID
        self.bookingID = bookingID
        self.customerID = customerID
        self.lineUserID = lineUserID
        self.kind = kind
        self.retryKey = retryKey
        self.createdAt = createdAt
        self.dueAt = dueAt
        self.expiresAt = expiresAt
        self.status = .pending
        self.attempts = 0
    }
}
