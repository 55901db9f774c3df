extension BookingEngine {
    /// The answer to a customer the salon's no-show policy stops.
    static let tooManyStrikes = Rejection(
        .customerBlocked, "this customer missed too many bookings: the salon takes their bookings in person only")

    /// The no-shows and late cancellations of a customer that count under the salon's policy at `now`: bookings that
    /// started within its window, after the salon last cleared the record. 0 without a policy.
    public func strikes(of customerID: CustomerID, merchantID: MerchantID, now: Instant) -> Int {
        store.read { Self.strikes(of: customerID, merchantID: merchantID, now: now, in: $0) }
    }

    /// Whether the salon's policy stops this customer booking online at `now`.
    public func policyStopsOnlineBooking(of customerID: CustomerID, merchantID: MerchantID, now: Instant) -> Bool {
        store.read { Self.policyRefusal(customerID, merchantID: merchantID, now: now, in: $0) != nil }
    }

    /// Whether the salon's policy makes this customer's online bookings wait for its approval at `now`.
    public func policyNeedsApproval(of customerID: CustomerID, merchantID: MerchantID, now: Instant) -> Bool {
        guard
            case .needsApproval = store.read({
                Self.policyVerdict(customerID, merchantID: merchantID, now: now, in: $0)
            })
        else { return false }
        return true
    }

    /// Approves a booking that waited for the salon's approval: the customer gets the confirmation.
    public func approveBooking(_ id: BookingID, merchantID: MerchantID, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Booking, Rejection>
    {
        let owner = ScheduleOwner.booking(id)
        guard beginChange(owner) else {
            return .failure(Rejection(.concurrentModification, "the booking is being changed by another request"))
        }
        defer { endChange(owner) }
        guard let booking = store.read({ $0.ledger.bookings[id] }), booking.merchantID == merchantID else {
            return .failure(.notFound("booking"))
        }
        guard booking.status == .confirmed, booking.awaitingApproval else {
            return .failure(Rejection(.invalidStateTransition, "the booking is not awaiting approval"))
        }
        _ = try await commit(.bookingApproved(id, at: context.now, origin: context.origin))
        guard let approved = store.read({ $0.ledger.bookings[id] }) else {
            preconditionFailure("an approved booking vanished")
        }
        return .success(approved)
    }

    /// What the salon's policy says of a customer's online booking now.
    enum PolicyVerdict {
        case allowed
        case refused(Rejection)
        case needsApproval
    }

    /// What the no-show policy says of a booking request: only customers' own (online) bookings are subject to it.
    static func policyVerdict(of request: NewBooking, _ context: CommandContext, in state: borrowing EngineState)
        -> PolicyVerdict
    {
        guard context.origin.author.kind == .customer else { return .allowed }
        return policyVerdict(request.customerID, merchantID: request.merchantID, now: context.now, in: state)
    }

    static func policyVerdict(
        _ customerID: CustomerID, merchantID: MerchantID, now: Instant, in state: borrowing EngineState
    ) -> PolicyVerdict {
        guard let policy = state.catalog.merchants[merchantID]?.rules.noShowPolicy,
            strikes(of: customerID, merchantID: merchantID, now: now, in: state) >= policy.strikes
        else { return .allowed }
        switch policy.action {
        case .blockOnlineBooking: return .refused(tooManyStrikes)
        case .requireApproval: return .needsApproval
        }
    }

    /// Clears a customer's no-show record: the strikes so far no longer count.
    public func clearStrikes(_ id: CustomerID, merchantID: MerchantID, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Customer, Rejection>
    {
        guard var customer = store.read({ $0.catalog.customers[id] }), customer.merchantID == merchantID else {
            return .failure(.notFound("customer"))
        }
        guard customer.erasedAt == nil else { return .failure(Self.erased) }
        customer.strikesClearedAt = context.now
        return try await committing(customer, .customerUpdated(customer))
    }

    /// The refusal of a booking or hold a customer makes while the salon's policy stops them; nil otherwise
    /// (also when their bookings only wait for approval).
    static func policyRefusal(
        _ customerID: CustomerID, merchantID: MerchantID, now: Instant, in state: borrowing EngineState
    ) -> Rejection? {
        guard case .refused(let rejection) = policyVerdict(customerID, merchantID: merchantID, now: now, in: state)
        else { return nil }
        return rejection
    }

    /// A scan of the salon's bookings that started within the window (the day index keeps it to those days).
    static func strikes(
        of customerID: CustomerID, merchantID: MerchantID, now: Instant, in state: borrowing EngineState
    ) -> Int {
        guard let merchant = state.catalog.merchants[merchantID], let policy = merchant.rules.noShowPolicy,
            let customer = state.catalog.customers[customerID]
        else { return 0 }
        let late = merchant.rules.cancelDeadlineMinutes ?? CustomerStats.lateCancellationMinutesDefault
        var from = now.adding(minutes: -policy.windowDays * 24 * 60)
        if let cleared = customer.strikesClearedAt, cleared > from { from = cleared }
        guard from < now else { return 0 }
        var count = 0
        for id in state.ledger.bookingIDs(of: merchantID, from: from, to: now) {
            // The day index answers whole days: keep the bookings that started within [from, now).
            guard let booking = state.ledger.bookings[id], booking.customerID == customerID,
                booking.startsAt >= from, booking.startsAt < now
            else { continue }
            var figures = CustomerStats()
            figures.count(booking, lateMinutes: late)
            count += figures.noShows + figures.lateCancellations
        }
        return count
    }
}
