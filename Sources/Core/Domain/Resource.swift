/// Something a salon has fewer of than technicians — pedicure chairs, UV lamps, a private room — that services
/// use while they run. At no instant do the bookings and live holds using it exceed its capacity.
public struct Resource: Hashable, Sendable {
    /// The identifier.
    public var id: ResourceID
    /// The merchant owning it.
    public var merchantID: MerchantID
    /// The display name.
    public var name: String
    /// How many bookings may use it at the same instant; 0 takes it out of service (nothing that needs it can be
    /// booked, existing bookings stay).
    public var capacity: Int

    /// Creates a resource.
    public init(id: ResourceID, merchantID: MerchantID, name: String, capacity: Int) {
        self.id = id
        self.merchantID = merchantID
        self.name = name
        self.capacity = capacity
    }

    /// Allowed capacities.
    public static let capacityRange = 0...100
    /// The most resources one salon defines.
    public static let perMerchantMax = 100
}

/// A resource a service uses, for its whole duration or for a part of it.
///
/// The part is counted from the service's start (buffers excluded: they are the technician's preparation and
/// cleanup, not the chair's). Bookings and holds copy their service's needs when they are made, so a later menu
/// change never moves a stored use.
public struct ResourceNeed: Hashable, Sendable {
    /// The resource.
    public var resourceID: ResourceID
    /// Minutes after the service's start at which the use begins.
    public var offsetMinutes: Int
    /// How many minutes it is used; nil: until the service ends.
    public var minutes: Int?

    /// Creates a need; the defaults mean the whole service.
    public init(resourceID: ResourceID, offsetMinutes: Int = 0, minutes: Int? = nil) {
        self.resourceID = resourceID
        self.offsetMinutes = offsetMinutes
        self.minutes = minutes
    }

    /// The time used by a service running over [startsAt, endsAt).
    public func range(startsAt: Instant, endsAt: Instant) -> BlockedRange {
        let start = startsAt.adding(minutes: offsetMinutes)
        let end = minutes.map { start.adding(minutes: $0) } ?? endsAt
        return BlockedRange(start: start, end: min(end, endsAt))
    }

    /// Whether the need fits a service of `durationMinutes`: it starts inside the service and ends by its end.
    public func fits(durationMinutes: Int) -> Bool {
        offsetMinutes >= 0 && offsetMinutes < durationMinutes
            && (minutes.map { $0 > 0 && offsetMinutes + $0 <= durationMinutes } ?? true)
    }

    /// The most needs one service lists.
    public static let perServiceMax = 8
}

/// One use of a resource by a booking or a hold: which resource, and when.
public struct ResourceUse: Hashable, Sendable {
    /// The resource.
    public var resourceID: ResourceID
    /// The time it is used.
    public var range: BlockedRange

    /// Creates a use.
    public init(resourceID: ResourceID, range: BlockedRange) {
        self.resourceID = resourceID
        self.range = range
    }
}

extension Array where Element == ResourceNeed {
    /// The uses these needs make of a service running over [startsAt, endsAt).
    public func uses(startsAt: Instant, endsAt: Instant) -> [ResourceUse] {
        map { ResourceUse(resourceID: $0.resourceID, range: $0.range(startsAt: startsAt, endsAt: endsAt)) }
    }
}
