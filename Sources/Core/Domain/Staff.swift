/// One working window on one ISO weekday, in the merchant's wall-clock time: [start, end).
public struct WorkingWindow: Hashable, Sendable {
    /// 1 = Monday … 7 = Sunday.
    public var weekday: Int
    /// When work starts.
    public var start: TimeOfDay
    /// When work ends; may be 24:00.
    public var end: TimeOfDay

    /// Creates a window.
    public init(weekday: Int, start: TimeOfDay, end: TimeOfDay) {
        self.weekday = weekday
        self.start = start
        self.end = end
    }
}

/// A dated range during which a staff member does not work (holiday, sick day, a personal errand).
public struct TimeOff: Hashable, Sendable {
    /// The identifier.
    public var id: TimeOffID
    /// First instant off.
    public var startsAt: Instant
    /// First instant back at work.
    public var endsAt: Instant
    /// Free text.
    public var reason: String

    /// Creates a time-off range.
    public init(id: TimeOffID, startsAt: Instant, endsAt: Instant, reason: String = "") {
        self.id = id
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.reason = reason
    }
}

/// A nail technician: weekly hours, time off, and optionally the services they perform.
public struct Staff: Hashable, Sendable {
    /// The identifier.
    public var id: StaffID
    /// The merchant the staff member works for.
    public var merchantID: MerchantID
    /// The display name.
    public var name: String
    /// Whether the staff member takes bookings.
    public var isActive: Bool
    /// Weekly working hours; several windows per day express breaks.
    public var workingHours: [WorkingWindow]
    /// Dated time off, sorted by start.
    public var timeOff: [TimeOff]
    /// The services this staff member performs; nil means every service.
    public var serviceIDs: Set<ServiceID>?

    /// Creates a staff member.
    public init(
        id: StaffID,
        merchantID: MerchantID,
        name: String,
        isActive: Bool = true,
        workingHours: [WorkingWindow],
        timeOff: [TimeOff] = [],
        serviceIDs: Set<ServiceID>? = nil
    ) {
        self.id = id
        self.merchantID = merchantID
        self.name = name
        self.isActive = isActive
        self.workingHours = workingHours
        self.timeOff = timeOff
        self.serviceIDs = serviceIDs
    }
}
