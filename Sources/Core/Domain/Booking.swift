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
    /// When it left `confirmed` (completed, cancelled, no-show), if it has.
    public var closedAt: Instant?
    /// Free text from the customer or the salon.
    public var note: String
    /// Why it was cancelled, if it was.
    public var cancelReason: String?
    /// The hold this booking confirmed, if any.
    public var holdID: HoldID?
    /// Who booked it and how.
    public var origin: Origin
    /// Preparation minutes blocked before the start.
    public var bufferBeforeMinutes: UInt16
    /// Cleanup minutes blocked after the end.
    public var bufferAfterMinutes: UInt16
    /// The current status.
    public var status: BookingStatus

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
        origin: Origin
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
        self.status = status
        self.note = note
        self.createdAt = createdAt
        self.closedAt = closedAt
        self.cancelReason = cancelReason
        self.holdID = holdID
        self.origin = origin
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

/// A tentative reservation of one staff interval while a customer confirms; it expires by itself.
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
        expiresAt: Instant
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
