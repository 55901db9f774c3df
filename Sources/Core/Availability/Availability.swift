/// A question about free time: which starts fit a service on one local date, for one or every staff member.
public struct AvailabilityQuery: Hashable, Sendable {
    /// The merchant.
    public var merchantID: MerchantID
    /// The service to fit.
    public var serviceID: ServiceID
    /// The date in the merchant's time zone.
    public var date: LocalDate
    /// One staff member, or nil for everyone who can do the service.
    public var staffID: StaffID?

    /// Creates a query.
    public init(merchantID: MerchantID, serviceID: ServiceID, date: LocalDate, staffID: StaffID? = nil) {
        self.merchantID = merchantID
        self.serviceID = serviceID
        self.date = date
        self.staffID = staffID
    }
}

/// A bookable start with one staff member.
public struct Slot: Hashable, Sendable {
    /// Who would do it.
    public var staffID: StaffID
    /// When the service would start.
    public var startsAt: Instant
    /// When it would end.
    public var endsAt: Instant

    /// Creates a slot.
    public init(staffID: StaffID, startsAt: Instant, endsAt: Instant) {
        self.staffID = staffID
        self.startsAt = startsAt
        self.endsAt = endsAt
    }
}

/// The answer to an ``AvailabilityQuery``.
public struct Availability: Hashable, Sendable {
    /// The date asked about.
    public var date: LocalDate
    /// The merchant's zone.
    public var zone: ZoneRules
    /// The slots, by start then staff order.
    public var slots: [Slot]
}

extension BookingEngine {
    /// The free slots for a service on a local date, as of `now` (minimum notice and how-far-ahead included).
    public func availability(_ query: AvailabilityQuery, now: Instant) async -> Result<Availability, Rejection> {
        let resolved = store.read { state -> Result<(Merchant, Service, [Staff]), Rejection> in
            guard let merchant = state.catalog.merchants[query.merchantID] else {
                return .failure(.notFound("merchant"))
            }
            guard let service = state.catalog.services[query.serviceID], service.merchantID == merchant.id else {
                return .failure(.notFound("service"))
            }
            if let staffID = query.staffID {
                guard let staff = state.catalog.staff[staffID], staff.merchantID == merchant.id else {
                    return .failure(.notFound("staff"))
                }
                return .success((merchant, service, staff.canPerform(service) ? [staff] : []))
            }
            return .success((merchant, service, state.catalog.staff(of: merchant.id).filter { $0.canPerform(service) }))
        }
        let (merchant, service, staff): (Merchant, Service, [Staff])
        switch resolved {
        case .failure(let rejection): return .failure(rejection)
        case .success(let found): (merchant, service, staff) = found
        }
        var availability = Availability(date: query.date, zone: merchant.zone, slots: [])
        let today = merchant.zone.localDateTime(at: now).date
        let daysAhead = query.date.daysSinceEpoch - today.daysSinceEpoch
        guard daysAhead >= 0, daysAhead <= Int64(merchant.rules.maxDaysAhead) else { return .success(availability) }
        let finder = SlotFinder(service: service, merchant: merchant)
        let earliest = now.adding(minutes: merchant.rules.minNoticeMinutes)
        for member in staff {
            let working = WorkingTime.ranges(of: member, on: query.date, zone: merchant.zone)
            guard let first = working.first, let last = working.last else { continue }
            let busy = await schedule(of: member.id).blockedRanges(from: first.start, to: last.end, now: now)
            let off = member.timeOff.filter { $0.startsAt < last.end && first.start < $0.endsAt }
                .map { BlockedRange(start: $0.startsAt, end: $0.endsAt) }
            let blocked = (busy + off).sorted { $0.start < $1.start }
            for start in finder.starts(working: working, blocked: blocked, earliest: earliest) {
                let end = start + finder.durationSeconds
                availability.slots.append(Slot(staffID: member.id, startsAt: start, endsAt: end))
            }
        }
        let order = Dictionary(uniqueKeysWithValues: staff.enumerated().map { ($1.id, $0) })
        availability.slots.sort { ($0.startsAt, order[$0.staffID]!) < ($1.startsAt, order[$1.staffID]!) }
        return .success(availability)
    }
}
