/// A customer waiting for a slot: "notify me if something frees up for this service (with this technician)
/// between `from` and `to`".
///
/// While it waits, the leader's waitlist scan offers it the first free start in its window that fits, as a hold of
/// the offer's length (`waitlistOffered`); the customer books it (the hold is confirmed), declines it (the hold is
/// released) or lets it lapse (the hold expires). An entry gets one offer: whatever its outcome, the entry is
/// closed and the slot, if not booked, goes to the next customer in the queue. Entries queue in id order, which is
/// the order they joined in.
public struct WaitlistEntry: Hashable, Sendable {
    /// The identifier.
    public var id: WaitlistEntryID
    /// The merchant.
    public var merchantID: MerchantID
    /// The customer waiting.
    public var customerID: CustomerID
    /// The service they want.
    public var serviceID: ServiceID
    /// The technician they want; nil: anyone who does the service.
    public var staffID: StaffID?
    /// The earliest start they accept.
    public var from: Instant
    /// The latest end they accept (the service, not its buffers, ends by then).
    public var to: Instant
    /// When they joined.
    public var joinedAt: Instant
    /// Who put them on the list, through which channel.
    public var origin: Origin
    /// Where the entry is in its life.
    public var status: WaitlistStatus
    /// The hold of the slot offered, once one was.
    public var offerHoldID: HoldID?
    /// When it was closed (booked, declined, lapsed, left or ended).
    public var closedAt: Instant?
    /// A visit's services in order, each with its technician or anyone (two or more; `serviceID` is then the
    /// first's and `staffID` nil); empty for one service.
    public var items: [VisitItemRequest] = []
    /// Whether the visit's items run at the same time, each with its own technician.
    public var parallel = false

    /// Creates a waiting entry.
    public init(
        id: WaitlistEntryID, merchantID: MerchantID, customerID: CustomerID, serviceID: ServiceID, staffID: StaffID?,
        from: Instant, to: Instant, joinedAt: Instant, origin: Origin
    ) {
        self.id = id
        self.merchantID = merchantID
        self.customerID = customerID
        self.serviceID = serviceID
        self.staffID = staffID
        self.from = from
        self.to = to
        self.joinedAt = joinedAt
        self.origin = origin
        self.status = .waiting
    }

    /// The booking an accepted offer becomes: it takes the offer hold's number, so the offer's LINE message and the
    /// booking it leads to share one id (no other entity ever has that number: every id comes from one counter).
    public var offeredBookingID: BookingID? { offerHoldID.map { BookingID($0.rawValue) } }

    /// The longest window an entry may span.
    public static let windowDaysMax = 14
    /// The most open (waiting or offered) entries one customer may have with one merchant.
    public static let openPerCustomerMax = 5
}

/// Where a waitlist entry is in its life.
public enum WaitlistStatus: UInt8, Hashable, Sendable, CaseIterable {
    /// Waiting for a slot.
    case waiting = 1
    /// A slot is held for the customer until the offer hold expires.
    case offered = 2
    /// The customer booked the offered slot.
    case booked = 3
    /// The customer said no to the offered slot.
    case declined = 4
    /// The offer expired unanswered.
    case lapsed = 5
    /// The customer (or the salon) took the entry off the list before any offer.
    case left = 6
    /// The window passed without an offer.
    case ended = 7

    /// The stable name used in APIs.
    public var name: String {
        switch self {
        case .waiting: return "waiting"
        case .offered: return "offered"
        case .booked: return "booked"
        case .declined: return "declined"
        case .lapsed: return "lapsed"
        case .left: return "left"
        case .ended: return "ended"
        }
    }

    /// Whether the entry is still in the queue (waiting or holding an offer).
    public var isOpen: Bool { self == .waiting || self == .offered }
}

/// Why entries left the waitlist without an offer (`waitlistLeft`).
public enum WaitlistExit: UInt8, Hashable, Sendable {
    /// The customer or the salon removed them.
    case left = 1
    /// Their window passed.
    case ended = 2

    /// The status the entries close with.
    public var status: WaitlistStatus { self == .left ? .left : .ended }
}
