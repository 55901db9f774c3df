/// One service of a multi-service visit (removal, then gel, then art; or a manicure and a pedicure at once): who
/// does it and when.
///
/// Like a booking, an item copies its service's buffers and resource needs when it is made, so a later menu change
/// never moves it.
public struct VisitItem: Hashable, Sendable {
    /// The service.
    public var serviceID: ServiceID
    /// The technician doing it.
    public var staffID: StaffID
    /// When it starts.
    public var startsAt: Instant
    /// When it ends (start + duration).
    public var endsAt: Instant
    /// Preparation minutes blocked before the start.
    public var bufferBeforeMinutes: Int
    /// Cleanup minutes blocked after the end.
    public var bufferAfterMinutes: Int
    /// The resources it uses.
    public var resourceNeeds: [ResourceNeed]

    /// Creates an item.
    public init(
        serviceID: ServiceID, staffID: StaffID, startsAt: Instant, endsAt: Instant, bufferBeforeMinutes: Int = 0,
        bufferAfterMinutes: Int = 0, resourceNeeds: [ResourceNeed] = []
    ) {
        self.serviceID = serviceID
        self.staffID = staffID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.bufferBeforeMinutes = bufferBeforeMinutes
        self.bufferAfterMinutes = bufferAfterMinutes
        self.resourceNeeds = resourceNeeds
    }

    /// The technician's time it blocks, buffers included.
    public var blockedRange: BlockedRange {
        BlockedRange(
            start: startsAt.adding(minutes: -bufferBeforeMinutes), end: endsAt.adding(minutes: bufferAfterMinutes))
    }

    /// The resources it uses, and when.
    public var resourceUses: [ResourceUse] { resourceNeeds.uses(startsAt: startsAt, endsAt: endsAt) }

    /// The most items one visit has.
    public static let perVisitMax = 6
}

extension Booking {
    /// The technicians doing the booking's services, first appearance first.
    public var staffIDs: [StaffID] {
        var seen = Set<StaffID>()
        return parts.map(\.staffID).filter { seen.insert($0).inserted }
    }
}

extension Catalog {
    /// The booking's services by name, in order ("Removal + Gel + Art" for a visit).
    public func serviceNames(of booking: Booking) -> String {
        booking.parts.map { services[$0.serviceID]?.name ?? "" }.joined(separator: " + ")
    }

    /// The booking's technicians by name, first appearance first.
    public func staffNames(of booking: Booking) -> String {
        booking.staffIDs.map { staff[$0]?.name ?? "" }.joined(separator: " + ")
    }

    /// What the booking's services cost at their current prices.
    public func price(of booking: Booking) -> Int {
        booking.parts.reduce(0) { $0 + (services[$1.serviceID]?.price ?? 0) }
    }
}
