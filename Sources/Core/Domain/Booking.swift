/// Where a booking is in its life.
public enum BookingStatus: UInt8, Hashable, Sendable, CaseIterable {
    /// Booked; blocks the staff member's time.
    case confirmed = 1
    /// Done.
    case completed = 2
    /// Called off by either side.
    case cancelled = 3
    /// The customer did not come.
    case noShow = 4

    /// The stable name used in APIs.
    public var name: String {
        switch self {
        case .confirmed: return "confirmed"
        case .completed: return "completed"
        case .cancelled: return "cancelled"
        case .noShow: return "no_show"
        }
    }

    /// Parses a stable name.
    public init?(name: String) {
        guard let status = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = status
    }
}

/// An appointment of one customer with one staff member for one service.
///
/// It blocks the staff member for `[startsAt − bufferBefore, endsAt + bufferAfter)` while confirmed. The buffers
/// are copied from the service when the booking is made, so later menu changes never move a stored interval.
///
/// The layout is compact (104 bytes) because a salon platform keeps millions of these in memory: optional values
/// are stored with sentinels and the rarely used texts share one reference, behind the same public properties.
public struct Booking: Hashable, Sendable {
    /// The identifier.
    public var id: BookingID
    /// The merchant.
    public var merchantID: MerchantID
    /// The staff member doing the work.
    public var staffID: StaffID
    /// The service booked.
    public var serviceID: ServiceID
    /// The customer.
    public var customerID: CustomerID
    /// When the service starts.
    public var startsAt: Instant
    /// When the service ends (start + duration).
    public var endsAt: Instant
    /// When it was booked.
    public var createdAt: Instant
    private var closedAtSeconds: Int64 = Booking.none
    private var holdRawValue: UInt64 = 0
    private var authorID: UInt64
    private var extras: BookingExtras?
    /// Preparation minutes blocked before the start.
    public var bufferBeforeMinutes: UInt16
    /// Cleanup minutes blocked after the end.
    public var bufferAfterMinutes: UInt16
    /// The current status.
    public var status: BookingStatus
    /// The status as pages and the API show it: `pending` while awaiting the salon's approval, else the status's
    /// name.
    public var shownStatus: String { awaitingApproval ? "pending" : status.name }
    /// A confirmed booking a customer made while the salon's no-show policy asks for its approval: it holds its
    /// time, but no confirmation is sent until the salon approves it (`bookingApproved`) or declines it (a
    /// cancellation). The API shows it as `pending`.
    public var awaitingApproval = false
    private var authorKind: Author.Kind
    private var channel: Channel

    private static let none = Int64.min

    /// Creates a booking.
    public init(
        id: BookingID,
        merchantID: MerchantID,
        staffID: StaffID,
        serviceID: ServiceID,
        customerID: CustomerID,
        startsAt: Instant,
        endsAt: Instant,
        bufferBeforeMinutes: Int = 0,
        bufferAfterMinutes: Int = 0,
        status: BookingStatus = .confirmed,
        note: String = "",
        createdAt: Instant,
        closedAt: Instant? = nil,
        cancelReason: String? = nil,
        holdID: HoldID? = nil,
        origin: Origin,
        resourceNeeds: [ResourceNeed] = []
    ) {
        self.id = id
        self.merchantID = merchantID
        self.staffID = staffID
        self.serviceID = serviceID
        self.customerID = customerID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdAt = createdAt
        self.bufferBeforeMinutes = UInt16(bufferBeforeMinutes)
        self.bufferAfterMinutes = UInt16(bufferAfterMinutes)
        self.status = status
        self.authorID = origin.author.id
        self.authorKind = origin.author.kind
        self.channel = origin.channel
        self.closedAt = closedAt
        self.holdID = holdID
        self.extras = BookingExtras.make(
            BookingExtras.Fields(note: note, cancelReason: cancelReason, resourceNeeds: resourceNeeds))
    }

    /// When it left `confirmed` (completed, cancelled, no-show), if it has.
    public var closedAt: Instant? {
        get { closedAtSeconds == Self.none ? nil : Instant(secondsSinceEpoch: closedAtSeconds) }
        set {
            precondition(newValue?.secondsSinceEpoch != Self.none, "instant out of range")
            closedAtSeconds = newValue?.secondsSinceEpoch ?? Self.none
        }
    }

    /// The hold this booking confirmed, if any.
    public var holdID: HoldID? {
        get { holdRawValue == 0 ? nil : HoldID(holdRawValue) }
        set { holdRawValue = newValue?.rawValue ?? 0 }
    }

    /// Who booked it and how.
    public var origin: Origin {
        get { Origin(author: Author(kind: authorKind, id: authorID), channel: channel) }
        set {
            authorKind = newValue.author.kind
            authorID = newValue.author.id
            channel = newValue.channel
        }
    }

    /// Free text from the customer or the salon.
    public var note: String {
        get { extras?.fields.note ?? "" }
        set { updateExtras { $0.note = newValue } }
    }

    /// Why it was cancelled, if it was.
    public var cancelReason: String? {
        get { extras?.fields.cancelReason }
        set { updateExtras { $0.cancelReason = newValue } }
    }

    /// The resources the service uses, copied from the service when the booking was made (a single-service
    /// booking; a visit's items carry their own).
    public var resourceNeeds: [ResourceNeed] {
        get { extras?.fields.resourceNeeds ?? [] }
        set { updateExtras { $0.resourceNeeds = newValue } }
    }

    /// The services of a multi-service visit, in order; empty for a booking of one service (which its own fields
    /// describe). A visit's `staffID` and `serviceID` are its first item's, and it runs from the earliest item's
    /// start to the latest item's end.
    public var items: [VisitItem] {
        get { extras?.fields.items ?? [] }
        set { updateExtras { $0.items = newValue } }
    }

    /// What the booking is made of: a visit's items, or the one service of a single booking.
    public var parts: [VisitItem] {
        if let items = extras?.fields.items, !items.isEmpty { return items }
        return [
            VisitItem(
                serviceID: serviceID, staffID: staffID, startsAt: startsAt, endsAt: endsAt,
                bufferBeforeMinutes: Int(bufferBeforeMinutes), bufferAfterMinutes: Int(bufferAfterMinutes),
                resourceNeeds: resourceNeeds)
        ]
    }

    /// The resources this booking uses while confirmed, and when.
    public var resourceUses: [ResourceUse] {
        let items = self.items
        guard !items.isEmpty else { return resourceNeeds.uses(startsAt: startsAt, endsAt: endsAt) }
        return items.flatMap(\.resourceUses)
    }

    /// Every technician's time this booking blocks while confirmed, buffers included.
    public var staffRanges: [(StaffID, BlockedRange)] { parts.map { ($0.staffID, $0.blockedRange) } }

    /// The booking moved to start at `newStart`, every item keeping its place in the visit; the items its first
    /// technician does go to `newStaff` (a visit with one technician moves whole).
    public func moved(to newStart: Instant, staffID newStaff: StaffID) -> Booking {
        var moved = self
        let shift = newStart - startsAt
        let oldStaff = staffID
        moved.staffID = newStaff
        moved.endsAt = endsAt + shift
        moved.startsAt = newStart
        if !items.isEmpty {
            moved.items = items.map { item in
                var item = item
                item.startsAt = item.startsAt + shift
                item.endsAt = item.endsAt + shift
                if item.staffID == oldStaff { item.staffID = newStaff }
                return item
            }
        }
        return moved
    }

    private mutating func updateExtras(_ change: (inout BookingExtras.Fields) -> Void) {
        var fields = extras?.fields ?? BookingExtras.Fields()
        change(&fields)
        extras = BookingExtras.make(fields)
    }

    /// The time this booking blocks while confirmed, buffers included.
    public var blockedRange: BlockedRange {
        BlockedRange(
            start: startsAt + -Int64(bufferBeforeMinutes) * 60,
            end: endsAt + Int64(bufferAfterMinutes) * 60
        )
    }

    /// When it was completed, if it was.
    public var completedAt: Instant? { status == .completed ? closedAt : nil }
    /// When it was cancelled, if it was.
    public var cancelledAt: Instant? { status == .cancelled ? closedAt : nil }
}

/// A booking's rarely used parts — free texts, resource needs, a visit's items — shared by reference and absent for
/// most bookings (which have none).
final class BookingExtras: Hashable, Sendable {
    struct Fields: Hashable, Sendable {
        var note = ""
        var cancelReason: String?
        var resourceNeeds: [ResourceNeed] = []
        var items: [VisitItem] = []

        var isEmpty: Bool { note.isEmpty && cancelReason == nil && resourceNeeds.isEmpty && items.isEmpty }
    }

    let fields: Fields

    private init(_ fields: Fields) { self.fields = fields }

    static func make(_ fields: Fields) -> BookingExtras? { fields.isEmpty ? nil : BookingExtras(fields) }

    static func == (lhs: BookingExtras, rhs: BookingExtras) -> Bool { lhs.fields == rhs.fields }

    func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}

/// A half-open range of blocked time [start, end).
public struct BlockedRange: Hashable, Sendable {
    /// First blocked instant.
    public var start: Instant
    /// First free instant after the range.
    public var end: Instant

    /// Creates a range; start must come before end.
    public init(start: Instant, end: Instant) {
        precondition(start < end, "empty blocked range")
        self.start = start
        self.end = end
    }

    /// Whether the two ranges share an instant (touching ranges do not).
    public func overlaps(_ other: BlockedRange) -> Bool { start < other.end && other.start < end }
}

/// A tentative reservation of one staff interval while a customer confirms (or, for a visit of several services
/// offered from the waitlist, of every item's); it expires by itself.
public struct Hold: Hashable, Sendable {
    /// The identifier.
    public var id: HoldID
    /// The merchant.
    public var merchantID: MerchantID
    /// The staff member held.
    public var staffID: StaffID
    /// The service it is held for.
    public var serviceID: ServiceID
    /// The customer holding it, if known.
    public var customerID: CustomerID?
    /// When the service would start.
    public var startsAt: Instant
    /// When the service would end.
    public var endsAt: Instant
    /// Preparation minutes blocked before the start.
    public var bufferBeforeMinutes: UInt16
    /// Cleanup minutes blocked after the end.
    public var bufferAfterMinutes: UInt16
    /// When it was made.
    public var createdAt: Instant
    /// The first instant at which it no longer blocks.
    public var expiresAt: Instant
    /// The resources the service uses, copied from the service when the hold was made.
    public var resourceNeeds: [ResourceNeed]
    /// The services of a visit held whole (only waitlist offers hold visits), in order; empty for one service.
    /// Like a visit booking's, `staffID` and `serviceID` are the first item's and the hold runs from the earliest
    /// item's start to the latest item's end.
    public var items: [VisitItem] = []

    /// Creates a hold.
    public init(
        id: HoldID,
        merchantID: MerchantID,
        staffID: StaffID,
        serviceID: ServiceID,
        customerID: CustomerID?,
        startsAt: Instant,
        endsAt: Instant,
        bufferBeforeMinutes: Int,
        bufferAfterMinutes: Int,
        createdAt: Instant,
        expiresAt: Instant,
        resourceNeeds: [ResourceNeed] = []
    ) {
        self.id = id
        self.merchantID = merchantID
        self.staffID = staffID
        self.serviceID = serviceID
        self.customerID = customerID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.bufferBeforeMinutes = UInt16(bufferBeforeMinutes)
        self.bufferAfterMinutes = UInt16(bufferAfterMinutes)
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.resourceNeeds = resourceNeeds
    }

    /// The resources this hold uses while live, and when.
    public var resourceUses: [ResourceUse] {
        items.isEmpty ? resourceNeeds.uses(startsAt: startsAt, endsAt: endsAt) : items.flatMap(\.resourceUses)
    }

    /// Every technician's time this hold blocks while live, buffers included.
    public var staffRanges: [(StaffID, BlockedRange)] {
        items.isEmpty ? [(staffID, blockedRange)] : items.map { ($0.staffID, $0.blockedRange) }
    }

    /// The time this hold blocks while live, buffers included.
    public var blockedRange: BlockedRange {
        BlockedRange(
            start: startsAt + -Int64(bufferBeforeMinutes) * 60,
            end: endsAt + Int64(bufferAfterMinutes) * 60
        )
    }

    /// Whether the hold still blocks at `now`.
    public func isLive(at now: Instant) -> Bool { now < expiresAt }
}
