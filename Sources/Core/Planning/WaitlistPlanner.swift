/// A request to join a salon's waitlist.
public struct NewWaitlistEntry: Hashable, Sendable {
    /// The merchant.
    public var merchantID: MerchantID
    /// The customer.
    public var customerID: CustomerID
    /// The service they want.
    public var serviceID: ServiceID
    /// The technician they want; nil: anyone who does the service.
    public var staffID: StaffID?
    /// The earliest start they accept.
    public var from: Instant
    /// The latest end they accept.
    public var to: Instant
    /// A visit's services in order (two or more; `serviceID` and `staffID` are then ignored); empty for one service.
    public var items: [VisitItemRequest] = []
    /// Whether the visit's items run at the same time.
    public var parallel = false

    /// Creates a request.
    public init(
        merchantID: MerchantID, customerID: CustomerID, serviceID: ServiceID, staffID: StaffID? = nil, from: Instant,
        to: Instant
    ) {
        self.merchantID = merchantID
        self.customerID = customerID
        self.serviceID = serviceID
        self.staffID = staffID
        self.from = from
        self.to = to
    }
}

/// Checks waitlist requests and offers against the durable state.
enum WaitlistPlanner {
    /// The entry a join request makes, or why it is refused.
    static func plan(
        _ request: NewWaitlistEntry, id: WaitlistEntryID, in state: borrowing EngineState, context: CommandContext
    ) -> Result<WaitlistEntry, Rejection> {
        let catalog = state.catalog
        guard let merchant = catalog.merchants[request.merchantID] else { return .failure(.notFound("merchant")) }
        if merchant.suspended { return .failure(BookingEngine.suspended) }
        guard let customer = catalog.customers[request.customerID], customer.merchantID == merchant.id,
            customer.erasedAt == nil
        else {
            return .failure(.notFound("customer"))
        }
        let isVisit = request.items.count > 1
        let wanted =
            isVisit ? request.items : [VisitItemRequest(serviceID: request.serviceID, staffID: request.staffID)]
        guard wanted.count <= VisitItem.perVisitMax else {
            return .failure(.invalid("items", "a visit has 2 to \(VisitItem.perVisitMax) items"))
        }
        var services: [Service] = []
        for item in wanted {
            switch validItem(item, merchantID: merchant.id, catalog: catalog, field: isVisit ? "items" : nil) {
            case .failure(let rejection): return .failure(rejection)
            case .success(let service): services.append(service)
            }
        }
        if request.parallel {
            let named = wanted.compactMap(\.staffID)
            guard isVisit, Set(named).count == named.count else {
                return .failure(.invalid("items", "items at the same time need different technicians"))
            }
        }
        let minutes = length(of: services, parallel: request.parallel)
        guard request.from < request.to else { return .failure(.invalid("to", "the window ends before it starts")) }
        guard request.to.adding(minutes: -minutes) > context.now else {
            return .failure(.invalid("to", "the window is over"))
        }
        guard
            request.to.secondsSinceEpoch - request.from.secondsSinceEpoch <= Int64(WaitlistEntry.windowDaysMax) * 86_400
        else { return .failure(.invalid("to", "a waitlist window spans at most \(WaitlistEntry.windowDaysMax) days")) }
        guard request.to.adding(minutes: -minutes) >= request.from else {
            return .failure(.invalid("to", "the service does not fit in the window"))
        }
        let items = isVisit ? request.items : []
        let staffID = isVisit ? nil : request.staffID
        let waitlist = state.ledger.waitlist
        let open = waitlist.queue(of: merchant.id).filter { $0.customerID == request.customerID }
        if open.contains(where: {
            $0.serviceID == wanted[0].serviceID && $0.staffID == staffID && $0.items == items && $0.from < request.to
                && request.from < $0.to
        }) {
            return .failure(Rejection(.duplicate, "the customer already waits for this service at these times"))
        }
        guard open.count < WaitlistEntry.openPerCustomerMax else {
            return .failure(
                Rejection(
                    .tooManyWaitlistEntries, "a customer waits for at most \(WaitlistEntry.openPerCustomerMax) slots"))
        }
        if context.origin.author.kind == .customer,
            let refusal = BookingEngine.policyRefusal(
                request.customerID, merchantID: merchant.id, now: context.now, in: state)
        {
            return .failure(refusal)
        }
        var entry = WaitlistEntry(
            id: id, merchantID: merchant.id, customerID: request.customerID, serviceID: wanted[0].serviceID,
            staffID: staffID, from: request.from, to: request.to, joinedAt: context.now, origin: context.origin)
        entry.items = items
        entry.parallel = isVisit && request.parallel
        return .success(entry)
    }

    /// The service of one wanted item, if it is on the menu and its technician (if named) does it; `field` names
    /// the request field a refusal points at (nil: `serviceId` and `staffId`).
    static func validItem(_ item: VisitItemRequest, merchantID: MerchantID, catalog: Catalog, field: String?)
        -> Result<Service, Rejection>
    {
        guard let service = catalog.services[item.serviceID], service.merchantID == merchantID else {
            return .failure(.notFound("service"))
        }
        guard service.isActive else {
            return .failure(.invalid(field ?? "serviceId", "the service is not offered any more"))
        }
        if let staffID = item.staffID {
            guard let staff = catalog.staff[staffID], staff.merchantID == merchantID else {
                return .failure(.notFound("staff"))
            }
            guard staff.isActive && staff.canPerform(service) else {
                return .failure(.invalid(field ?? "staffId", "this staff member does not do this service"))
            }
        }
        return .success(service)
    }

    /// Minutes from the first item's start to the last item's end.
    static func length(of services: [Service], parallel: Bool) -> Int {
        let origin = Instant(secondsSinceEpoch: 0)
        let times = VisitPlanner.layout(services, startsAt: origin, parallel: parallel)
        return Int((times.map(\.1).max() ?? origin).secondsSinceEpoch / 60)
    }

    /// The services an entry waits for, in order; nil when one is gone or no longer offered, or a named
    /// technician left or stopped doing it.
    static func services(of entry: WaitlistEntry, catalog: Catalog) -> [Service]? {
        let wanted =
            entry.items.isEmpty ? [VisitItemRequest(serviceID: entry.serviceID, staffID: entry.staffID)] : entry.items
        var services: [Service] = []
        for item in wanted {
            guard
                case .success(let service) = validItem(item, merchantID: entry.merchantID, catalog: catalog, field: nil)
            else { return nil }
            services.append(service)
        }
        return services
    }

    /// The hold that offers `slot` to a waiting entry for `offerMinutes`, or why it cannot be offered.
    static func offer(
        _ slot: VisitSlot, to entry: WaitlistEntry, holdID: HoldID, in state: borrowing EngineState, now: Instant,
        offerMinutes: Int
    ) -> Result<Hold, Rejection> {
        guard state.ledger.waitlist.entries[entry.id]?.status == .waiting else {
            return .failure(Rejection(.invalidStateTransition, "the entry is not waiting"))
        }
        guard state.catalog.customers[entry.customerID]?.mayBookOnline == true else {
            return .failure(Rejection(.customerBlocked, "the customer cannot book online"))
        }
        if let refusal = BookingEngine.policyRefusal(
            entry.customerID, merchantID: entry.merchantID, now: now, in: state)
        {
            return .failure(refusal)
        }
        let planned =
            entry.items.isEmpty
            ? HoldPlanner.plan(
                NewHold(
                    merchantID: entry.merchantID, serviceID: entry.serviceID, staffID: slot.items[0].staffID,
                    startsAt: slot.startsAt, customerID: entry.customerID),
                id: holdID, in: state, now: now)
            : visitHold(slot, for: entry, holdID: holdID, catalog: state.catalog, now: now)
        return planned.flatMap { hold in
            guard hold.startsAt >= entry.from && hold.endsAt <= entry.to else {
                return .failure(Rejection(.outsideBookingWindow, "the slot is outside the entry's window"))
            }
            var offered = hold
            offered.expiresAt = now.adding(minutes: offerMinutes)
            return .success(offered)
        }
    }

    /// A hold of a whole visit at `slot`: the items laid out as a booking would lay them, each with the slot's
    /// technician, who must be one of the item's candidates.
    private static func visitHold(
        _ slot: VisitSlot, for entry: WaitlistEntry, holdID: HoldID, catalog: Catalog, now: Instant
    ) -> Result<Hold, Rejection> {
        var request = NewBooking(
            merchantID: entry.merchantID, serviceID: entry.serviceID, customerID: entry.customerID,
            startsAt: slot.startsAt)
        request.items = entry.items
        request.parallel = entry.parallel
        let context = CommandContext(now: now, origin: Origin(author: .system, channel: .system))
        return VisitPlanner.plan(request, catalog: catalog, context: context).flatMap { plan in
            guard slot.items.count == plan.items.count,
                zip(slot.items, plan.items).allSatisfy({
                    $0.startsAt == $1.startsAt && $1.candidates.contains($0.staffID)
                })
            else { return .failure(Rejection(.overlap, "the slot no longer fits the visit")) }
            let items = zip(plan.items, slot.items).map { planned, offered in
                VisitItem(
                    serviceID: planned.service.id, staffID: offered.staffID, startsAt: planned.startsAt,
                    endsAt: planned.endsAt, bufferBeforeMinutes: planned.service.bufferBeforeMinutes,
                    bufferAfterMinutes: planned.service.bufferAfterMinutes, resourceNeeds: planned.service.resourceNeeds
                )
            }
            var hold = Hold(
                id: holdID, merchantID: entry.merchantID, staffID: items[0].staffID, serviceID: items[0].serviceID,
                customerID: entry.customerID, startsAt: items.map(\.startsAt).min()!,
                endsAt: items.map(\.endsAt).max()!,
                bufferBeforeMinutes: 0, bufferAfterMinutes: 0, createdAt: now, expiresAt: now)
            hold.items = items
            return .success(hold)
        }
    }
}
