/// Why the engine turned a request down: an expected outcome (slot taken, bad input), never a fault.
public struct Rejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable machine-readable code; APIs expose its raw value.
    public struct Code: RawRepresentable, Hashable, Sendable {
        /// The stable name.
        public let rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The interval is taken by another booking or a live hold.
        public static let overlap = Code(rawValue: "overlap")
        /// The time is outside the staff member's hours or on time off.
        public static let outsideWorkingHours = Code(rawValue: "outside_working_hours")
        /// The time breaks the merchant's minimum notice or how-far-ahead rule.
        public static let outsideBookingWindow = Code(rawValue: "outside_booking_window")
        /// Something does not exist (or belongs to another merchant).
        public static let notFound = Code(rawValue: "not_found")
        /// A field is malformed or out of range.
        public static let validationFailed = Code(rawValue: "validation_failed")
        /// The hold expired before it was confirmed.
        public static let holdExpired = Code(rawValue: "hold_expired")
        /// The idempotency key was used before with a different request.
        public static let idempotencyConflict = Code(rawValue: "idempotency_conflict")
        /// A request with this idempotency key is still being processed.
        public static let idempotencyKeyInUse = Code(rawValue: "idempotency_key_in_use")
        /// The booking's status does not allow this change.
        public static let invalidStateTransition = Code(rawValue: "invalid_state_transition")
        /// Another change to the same booking or hold is in flight; retry.
        public static let concurrentModification = Code(rawValue: "concurrent_modification")
        /// The customer is past the merchant's cancellation deadline.
        public static let cancellationDeadlinePassed = Code(rawValue: "cancellation_deadline_passed")
        /// The customer already holds as many slots as allowed; confirm or release one first.
        public static let tooManyHolds = Code(rawValue: "too_many_holds")
        /// The value is already used (for example a LINE user id within a merchant).
        public static let duplicate = Code(rawValue: "duplicate")
        /// The platform suspended the salon: it takes no new bookings or holds.
        public static let merchantSuspended = Code(rawValue: "merchant_suspended")
        /// A shared resource the service needs (a chair, a lamp, a room) is fully used at that time.
        public static let resourceUnavailable = Code(rawValue: "resource_unavailable")
        /// The salon blocked this customer from booking online.
        public static let customerBlocked = Code(rawValue: "customer_blocked")
        /// The customer already waits for as many slots as allowed.
        public static let tooManyWaitlistEntries = Code(rawValue: "too_many_waitlist_entries")
    }

    /// The code.
    public var code: Code
    /// A human-readable explanation, without secrets.
    public var detail: String
    /// The offending field, for validation failures.
    public var field: String?
    /// The booking or hold in the way, for overlaps.
    public var conflictingID: String?

    /// Creates a rejection.
    public init(_ code: Code, _ detail: String, field: String? = nil, conflictingID: String? = nil) {
        self.code = code
        self.detail = detail
        self.field = field
        self.conflictingID = conflictingID
    }

    public var description: String { "\(code.rawValue): \(detail)" }

    /// A validation failure on one field.
    public static func invalid(_ field: String, _ detail: String) -> Rejection {
        Rejection(.validationFailed, detail, field: field)
    }

    /// A missing entity.
    public static func notFound(_ what: String) -> Rejection { Rejection(.notFound, "\(what) not found") }
}
