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
        await freeSlots(query, now: now, firstOnly: false)
    }

    /// Whether the date has any free slot for the service: what a date strip needs, at the cost of finding the
    /// first technician with one rather than every slot of everyone.
    public func hasFreeSlot(_ query: AvailabilityQuery, now: Instant) async -> Result<Bool, Rejection> {
        await freeSlots(query, now: now, firstOnly: true).map { !$0.slots.isEmpty }
    }

    /// The free slots; with `firstOnly`, at most one (of the first technician in salon order who has any).
    private func freeSlots(_ query: AvailabilityQuery, now: Instant, firstOnly: Bool) async
        -> Result<Availability, Rejection>
    {
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
        let working = staff.map { WorkingTime.ranges(of: $0, on: query.date, zone: merchant.zone) }
        let capacity = store.read { Self.capacities(of: service.resourceNeeds, in: $0.catalog) }
        let resources = await resourceWindows(for: service, over: working.flatMap { $0 }, capacity: capacity, now: now)
        // Each slot with its technician's rank in salon order, so the sort compares integers only.
        var ranked: [(rank: Int, slot: Slot)] = []
        for (rank, member) in staff.enumerated() {
            guard let first = working[rank].first, let last = working[rank].last else { continue }
            let blocked = await blockedTime(of: member, from: first.start, to: last.end, now: now)
            let starts = finder.starts(working: working[rank], blocked: blocked, earliest: earliest).filter {
                resources.admit(startsAt: $0, endsAt: $0 + finder.durationSeconds)
            }
            if firstOnly, let start = starts.first {
                availability.slots = [Slot(staffID: member.id, startsAt: start, endsAt: start + finder.durationSeconds)]
                return .success(availability)
            }
            for start in starts {
                let end = start + finder.durationSeconds
                ranked.append((rank, Slot(staffID: member.id, startsAt: start, endsAt: end)))
            }
        }
        ranked.sort { ($0.slot.startsAt, $0.rank) < ($1.slot.startsAt, $1.rank) }
        availability.slots = ranked.map(\.slot)
        return .success(availability)
    }

    /// A technician's time between `from` and `to` that no start may overlap at `now`: bookings, live holds and
    /// time off, sorted by start.
    func blockedTime(of member: Staff, from: Instant, to: Instant, now: Instant) async -> [BlockedRange] {
        let busy = await schedule(of: member.id).blockedRanges(from: from, to: to, now: now)
        let off = member.timeOff.filter { $0.startsAt < to && from < $0.endsAt }
            .map { BlockedRange(start: $0.startsAt, end: $0.endsAt) }
        return (busy + off).sorted { $0.start < $1.start }
    }

    /// The capacity of each resource `needs` name, as `catalog` says.
    static func capacities(of needs: [ResourceNeed], in catalog: Catalog) -> [ResourceID: Int] {
        Dictionary(
            needs.map { ($0.resourceID, catalog.resources[$0.resourceID]?.capacity ?? 0) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Where one more use of each resource the service needs fits, over the span of `ranges`.
    func resourceWindows(
        for service: Service, over ranges: [BlockedRange], capacity: [ResourceID: Int], now: Instant
    ) async -> ResourceWindows {
        guard !service.resourceNeeds.isEmpty, let from = ranges.map(\.start).min(), let to = ranges.map(\.end).max()
        else { return ResourceWindows(needs: []) }
        var needs: [(ResourceNeed, free: [BlockedRange])] = []
        for need in service.resourceNeeds {
            let uses = await schedule(of: need.resourceID).uses(from: from, to: to, now: now)
            needs.append((need, ResourceLoad.free(uses, capacity: capacity[need.resourceID] ?? 0, from: from, to: to)))
        }
        return ResourceWindows(needs: needs)
    }
}

/// For each resource a service needs, the times where one more use fits: whether a start is possible as far as
/// the resources go.
struct ResourceWindows: Sendable {
    var needs: [(ResourceNeed, free: [BlockedRange])]

    /// Whether every need of a service running over [startsAt, endsAt) lies inside one free window of its resource.
    func admit(startsAt: Instant, endsAt: Instant) -> Bool {
        needs.allSatisfy { need, free in
            BookingEngine.contains(free, need.range(startsAt: startsAt, endsAt: endsAt))
        }
    }
}
