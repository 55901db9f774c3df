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

    /// The refusal of a booking or hold a customer makes while the salon's policy stops them; nil otherwise.
    static func policyRefusal(
        _ customerID: CustomerID, merchantID: MerchantID, now: Instant, in state: borrowing EngineState
    ) -> Rejection? {
        guard let policy = state.catalog.merchants[merchantID]?.rules.noShowPolicy else { return nil }
        let count = strikes(of: customerID, merchantID: merchantID, now: now, in: state)
        return count >= policy.strikes ? tooManyStrikes : nil
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
