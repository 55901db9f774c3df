/// A question about free time for a multi-service visit: at which starts of one local date the whole visit fits.
public struct VisitAvailabilityQuery: Hashable, Sendable {
    /// The merchant.
    public var merchantID: MerchantID
    /// The visit's services in order, each with its technician or any.
    public var items: [VisitItemRequest]
    /// Whether the items run at the same time with different technicians.
    public var parallel: Bool
    /// The date in the merchant's time zone.
    public var date: LocalDate

    /// Creates a query.
    public init(merchantID: MerchantID, items: [VisitItemRequest], parallel: Bool = false, date: LocalDate) {
        self.merchantID = merchantID
        self.items = items
        self.parallel = parallel
        self.date = date
    }
}

/// A start at which a whole visit fits, with a technician for each item.
public struct VisitSlot: Hashable, Sendable {
    /// When the visit starts.
    public var startsAt: Instant
    /// When its last item ends.
    public var endsAt: Instant
    /// Each item, with the technician who would do it.
    public var items: [VisitItem]
}

extension BookingEngine {
    /// The starts on the merchant's grid at which the whole visit fits on a local date, as of `now`.
    ///
    /// Each candidate technician's free time is computed once (working hours less bookings, holds and time off);
    /// then, start by start, each item's free technicians are found by binary search, an assignment is made (one
    /// technician per item back to back; a matching for parallel items) and the resources are checked — never
    /// every combination of technicians.
    public func visitAvailability(_ query: VisitAvailabilityQuery, now: Instant) async
        -> Result<[VisitSlot], Rejection>
    {
        let resolved = store.read { state -> Result<(Merchant, [Service], [[Staff]], [ResourceID: Int]), Rejection> in
            guard let merchant = state.catalog.merchants[query.merchantID] else {
                return .failure(.notFound("merchant"))
            }
            guard (2...VisitItem.perVisitMax).contains(query.items.count) else {
                return .failure(.invalid("items", "a visit has 2 to \(VisitItem.perVisitMax) items"))
            }
            var services: [Service] = []
            var candidates: [[Staff]] = []
            for item in query.items {
                guard let service = state.catalog.services[item.serviceID], service.merchantID == merchant.id else {
                    return .failure(.notFound("service"))
                }
                let everyone = state.catalog.staff(of: merchant.id)
                if let staffID = item.staffID, everyone.contains(where: { $0.id == staffID }) == false {
                    return .failure(.notFound("staff"))
                }
                services.append(service)
                candidates.append(
                    everyone.filter { ($0.id == item.staffID || item.staffID == nil) && $0.canPerform(service) })
            }
            let capacities = Self.capacities(of: services.flatMap(\.resourceNeeds), in: state.catalog)
            return .success((merchant, services, candidates, capacities))
        }
        let (merchant, services, candidates, capacities): (Merchant, [Service], [[Staff]], [ResourceID: Int])
        switch resolved {
        case .failure(let rejection): return .failure(rejection)
        case .success(let found): (merchant, services, candidates, capacities) = found
        }
        let today = merchant.zone.localDateTime(at: now).date
        let daysAhead = query.date.daysSinceEpoch - today.daysSinceEpoch
        guard daysAhead >= 0, daysAhead <= Int64(merchant.rules.maxDaysAhead) else { return .success([]) }
        // Each candidate's free time that day.
        var free: [StaffID: [BlockedRange]] = [:]
        for member in Set(candidates.flatMap { $0 }) {
            let working = WorkingTime.ranges(of: member, on: query.date, zone: merchant.zone)
            guard let first = working.first, let last = working.last else { continue }
            let blocked = await blockedTime(of: member, from: first.start, to: last.end, now: now)
            free[member.id] = SlotFinder.subtract(blocked, from: working)
        }
        guard let from = free.values.compactMap({ $0.first?.start }).min(),
            let to = free.values.compactMap({ $0.last?.end }).max()
        else { return .success([]) }
        var uses: [ResourceID: [BlockedRange]] = [:]
        for resourceID in capacities.keys {
            uses[resourceID] = await schedule(of: resourceID).uses(from: from, to: to, now: now)
        }
        let finder = SlotFinder(
            service: Service(id: ServiceID(1), merchantID: merchant.id, name: "", durationMinutes: 1),
            merchant: merchant)
        var slots: [VisitSlot] = []
        var start = finder.alignedStart(atOrAfter: max(from, now.adding(minutes: merchant.rules.minNoticeMinutes)))
        while start < to {
            let times = VisitPlanner.layout(services, startsAt: start, parallel: query.parallel)
            let ranges = zip(services, times).map { service, time in
                BlockedRange(
                    start: time.0.adding(minutes: -service.bufferBeforeMinutes),
                    end: time.1.adding(minutes: service.bufferAfterMinutes))
            }
            let assignment = VisitPlanner.assign(candidates.map { $0.map(\.id) }, parallel: query.parallel) {
                index, staffID in Self.contains(free[staffID] ?? [], ranges[index])
            }
            if let assignment {
                let items = (0..<services.count).map { index in
                    VisitItem(
                        serviceID: services[index].id, staffID: assignment[index], startsAt: times[index].0,
                        endsAt: times[index].1, bufferBeforeMinutes: services[index].bufferBeforeMinutes,
                        bufferAfterMinutes: services[index].bufferAfterMinutes,
                        resourceNeeds: services[index].resourceNeeds)
                }
                var wanted: [ResourceID: [BlockedRange]] = [:]
                for use in items.flatMap(\.resourceUses) { wanted[use.resourceID, default: []].append(use.range) }
                if wanted.allSatisfy({ resourceID, ranges in
                    ResourceLoad.fits(ranges, besides: uses[resourceID] ?? [], capacity: capacities[resourceID] ?? 0)
                }) {
                    slots.append(
                        VisitSlot(startsAt: start, endsAt: items.map(\.endsAt).max()!, items: items))
                }
            }
            start = finder.alignedStart(atOrAfter: start + finder.gridSeconds)
        }
        return .success(slots)
    }

    /// Whether one of `free` (sorted, disjoint) holds all of `range`.
    static func contains(_ free: [BlockedRange], _ range: BlockedRange) -> Bool {
        var low = 0
        var high = free.count
        while low < high {
            let middle = (low + high) / 2
            if free[middle].start <= range.start { low = middle + 1 } else { high = middle }
        }
        return low > 0 && free[low - 1].end >= range.end
    }
}
