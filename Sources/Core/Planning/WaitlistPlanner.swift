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
        guard let service = catalog.services[request.serviceID], service.merchantID == merchant.id else {
            return .failure(.notFound("service"))
        }
        guard service.isActive else { return .failure(.invalid("serviceId", "the service is not offered any more")) }
        if let staffID = request.staffID {
            guard let staff = catalog.staff[staffID], staff.merchantID == merchant.id else {
                return .failure(.notFound("staff"))
            }
            guard staff.isActive && staff.canPerform(service) else {
                return .failure(.invalid("staffId", "this staff member does not do this service"))
            }
        }
        guard request.from < request.to else { return .failure(.invalid("to", "the window ends before it starts")) }
        guard request.to.adding(minutes: -service.durationMinutes) > context.now else {
            return .failure(.invalid("to", "the window is over"))
        }
        guard request.to.secondsSinceEpoch - request.from.secondsSinceEpoch <= Int64(WaitlistEntry.windowDaysMax) * 86_400
        else { return .failure(.invalid("to", "a waitlist window spans at most \(WaitlistEntry.windowDaysMax) days")) }
        guard request.to.adding(minutes: -service.durationMinutes) >= request.from else {
            return .failure(.invalid("to", "the service does not fit in the window"))
        }
        let waitlist = state.ledger.waitlist
        let open = waitlist.queue(of: merchant.id).filter { $0.customerID == request.customerID }
        if open.contains(where: {
            $0.serviceID == request.serviceID && $0.staffID == request.staffID && $0.from < request.to
                && request.from < $0.to
        }) {
            return .failure(Rejection(.duplicate, "the customer already waits for this service at these times"))
        }
        guard open.count < WaitlistEntry.openPerCustomerMax else {
            return .failure(
                Rejection(.tooManyWaitlistEntries, "a customer waits for at most \(WaitlistEntry.openPerCustomerMax) slots"))
        }
        if context.origin.author.kind == .customer,
            let refusal = BookingEngine.policyRefusal(
                request.customerID, merchantID: merchant.id, now: context.now, in: state)
        {
            return .failure(refusal)
        }
        return .success(
            WaitlistEntry(
                id: id, merchantID: merchant.id, customerID: request.customerID, serviceID: service.id,
                staffID: request.staffID, from: request.from, to: request.to, joinedAt: context.now,
                origin: context.origin))
    }

    /// The hold that offers `slot` to a waiting entry for `offerMinutes`, or why it cannot be offered.
    static func offer(
        _ slot: Slot, to entry: WaitlistEntry, holdID: HoldID, in state: borrowing EngineState, now: Instant,
        offerMinutes: Int
    ) -> Result<Hold, Rejection> {
        guard state.ledger.waitlist.entries[entry.id]?.status == .waiting else {
            return .failure(Rejection(.invalidStateTransition, "the entry is not waiting"))
        }
        guard state.catalog.customers[entry.customerID]?.mayBookOnline == true else {
            return .failure(Rejection(.customerBlocked, "the customer cannot book online"))
        }
        if let refusal = BookingEngine.policyRefusal(entry.customerID, merchantID: entry.merchantID, now: now, in: state)
        {
            return .failure(refusal)
        }
        let request = NewHold(
            merchantID: entry.merchantID, serviceID: entry.serviceID, staffID: slot.staffID, startsAt: slot.startsAt,
            customerID: entry.customerID)
        return HoldPlanner.plan(request, id: holdID, in: state, now: now).flatMap { hold in
            guard hold.startsAt >= entry.from && hold.endsAt <= entry.to else {
                return .failure(Rejection(.outsideBookingWindow, "the slot is outside the entry's window"))
            }
            var offered = hold
            offered.expiresAt = now.adding(minutes: offerMinutes)
            return .success(offered)
        }
    }
}
