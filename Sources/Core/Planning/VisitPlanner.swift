/// One service of a planned visit: when it runs and who may do it.
struct PlannedItem: Sendable {
    var service: Service
    var startsAt: Instant
    var endsAt: Instant
    /// The technician's time it blocks, buffers included.
    var range: BlockedRange
    /// The technicians who can do it then, in salon order (one when the request names one).
    var candidates: [StaffID]
}

/// What a valid visit request resolves to before any time is reserved.
struct VisitPlan: Sendable {
    var merchant: Merchant
    var items: [PlannedItem]
    var parallel: Bool
    /// The salon's no-show policy asks to approve this customer's online booking.
    var needsApproval = false

    /// From the earliest blocked instant to the latest, over every item.
    var span: BlockedRange {
        BlockedRange(start: items.map(\.range.start).min()!, end: items.map(\.range.end).max()!)
    }
}

/// Plans multi-service visits: pure functions over the catalog, no reservation and no I/O.
enum VisitPlanner {
    /// Resolves a visit request, or says why it cannot be made.
    static func plan(
        _ request: NewBooking, catalog: Catalog, policy: BookingEngine.PolicyVerdict = .allowed,
        context: CommandContext
    ) -> Result<VisitPlan, Rejection> {
        guard let merchant = catalog.merchants[request.merchantID] else { return .failure(.notFound("merchant")) }
        guard (2...VisitItem.perVisitMax).contains(request.items.count) else {
            return .failure(.invalid("items", "a visit has 2 to \(VisitItem.perVisitMax) items"))
        }
        var services: [Service] = []
        for item in request.items {
            guard let service = catalog.services[item.serviceID], service.merchantID == merchant.id else {
                return .failure(.notFound("service"))
            }
            guard service.isActive else { return .failure(.invalid("items", "the service is not offered")) }
            services.append(service)
        }
        if request.holdID != nil { return .failure(.invalid("holdId", "a visit of several services takes no hold")) }
        if request.parallel {
            let named = request.items.compactMap(\.staffID)
            guard Set(named).count == named.count else {
                return .failure(.invalid("items", "items at the same time need different technicians"))
            }
        }
        if let rejection = BookingPlanner.gate(
            request, merchant: merchant, catalog: catalog, policy: policy, context: context)
        {
            return .failure(rejection)
        }
        if !request.allowOutsideWorkingHours,
            let rejection = WorkingTime.bookingWindowRejection(
                startsAt: request.startsAt, merchant: merchant, now: context.now)
        {
            return .failure(rejection)
        }
        var items: [PlannedItem] = []
        for (index, (start, end)) in layout(services, startsAt: request.startsAt, parallel: request.parallel)
            .enumerated()
        {
            let service = services[index]
            let range = BlockedRange(
                start: start.adding(minutes: -service.bufferBeforeMinutes),
                end: end.adding(minutes: service.bufferAfterMinutes))
            switch BookingPlanner.candidates(
                request.items[index].staffID, for: service, range: range, merchant: merchant, catalog: catalog,
                anyTime: request.allowOutsideWorkingHours)
            {
            case .failure(let rejection): return .failure(rejection)
            case .success(let staffIDs):
                items.append(
                    PlannedItem(service: service, startsAt: start, endsAt: end, range: range, candidates: staffIDs))
            }
        }
        var plan = VisitPlan(merchant: merchant, items: items, parallel: request.parallel)
        if case .needsApproval = policy { plan.needsApproval = true }
        return .success(plan)
    }

    /// When each service runs: all from `startsAt` when parallel, else back to back, each next one starting once
    /// the previous one's cleanup and its own preparation are over.
    static func layout(_ services: [Service], startsAt: Instant, parallel: Bool) -> [(Instant, Instant)] {
        var times: [(Instant, Instant)] = []
        var start = startsAt
        for (index, service) in services.enumerated() {
            if !parallel && index > 0 {
                start = times[index - 1].1.adding(
                    minutes: services[index - 1].bufferAfterMinutes + service.bufferBeforeMinutes)
            }
            times.append((start, start.adding(minutes: service.durationMinutes)))
        }
        return times
    }

    /// A technician for each item among its candidates for whom `isFree(item, staff)` holds, or nil if there is
    /// none. Back to back, each item independently (keeping the previous item's technician when free, so that a
    /// customer stays with one technician when possible); in parallel, every item a different technician (a
    /// bipartite matching by augmenting paths: polynomial, not every combination).
    static func assign(_ candidates: [[StaffID]], parallel: Bool, isFree: (Int, StaffID) -> Bool) -> [StaffID]? {
        if !parallel {
            var chosen: [StaffID] = []
            for (index, list) in candidates.enumerated() {
                let free = list.filter { isFree(index, $0) }
                guard let first = free.first else { return nil }
                chosen.append(chosen.last.flatMap { free.contains($0) ? $0 : nil } ?? first)
            }
            return chosen
        }
        let free = candidates.enumerated().map { index, list in list.filter { isFree(index, $0) } }
        var itemOf: [StaffID: Int] = [:]
        func augment(_ item: Int, _ seen: inout Set<StaffID>) -> Bool {
            // A technician nobody has yet first (in salon order), so earlier items keep theirs when they can.
            if let staff = free[item].first(where: { itemOf[$0] == nil && !seen.contains($0) }) {
                seen.insert(staff)
                itemOf[staff] = item
                return true
            }
            for staff in free[item] where seen.insert(staff).inserted {
                if let other = itemOf[staff] {
                    guard augment(other, &seen) else { continue }
                }
                itemOf[staff] = item
                return true
            }
            return false
        }
        for item in free.indices {
            var seen = Set<StaffID>()
            guard augment(item, &seen) else { return nil }
        }
        var chosen = [StaffID?](repeating: nil, count: free.count)
        for (staff, item) in itemOf { chosen[item] = staff }
        return chosen.map { $0! }
    }
}
