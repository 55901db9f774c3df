/// Checks a hold request against the durable state.
enum HoldPlanner {
    static func plan(_ request: NewHold, id: HoldID, in state: borrowing EngineState, now: Instant)
        -> Result<Hold, Rejection>
    {
        let catalog = state.catalog
        guard let merchant = catalog.merchants[request.merchantID] else { return .failure(.notFound("merchant")) }
        guard let service = catalog.services[request.serviceID], service.merchantID == merchant.id else {
            return .failure(.notFound("service"))
        }
        if merchant.suspended { return .failure(BookingEngine.suspended) }
        if let customerID = request.customerID {
            guard let customer = catalog.customers[customerID], customer.merchantID == merchant.id else {
                return .failure(.notFound("customer"))
            }
            if let cap = request.liveHoldsPerCustomerMax,
                state.ledger.holds.values.lazy.filter({ $0.customerID == customerID && $0.isLive(at: now) }).count
                    >= cap
            {
                return .failure(Rejection(.tooManyHolds, "the customer already holds \(cap) slots"))
            }
        }
        guard request.startsAt.secondsSinceEpoch % 60 == 0 else {
            return .failure(.invalid("startsAt", "bookings start on a whole minute"))
        }
        if let rejection = WorkingTime.bookingWindowRejection(startsAt: request.startsAt, merchant: merchant, now: now)
        {
            return .failure(rejection)
        }
        let endsAt = request.startsAt.adding(minutes: service.durationMinutes)
        let range = BlockedRange(
            start: request.startsAt.adding(minutes: -service.bufferBeforeMinutes),
            end: endsAt.adding(minutes: service.bufferAfterMinutes)
        )
        let checked = BookingPlanner.candidates(
            request.staffID,
            for: service,
            range: range,
            merchant: merchant,
            catalog: state.catalog,
            anyTime: false
        )
        if case .failure(let rejection) = checked { return .failure(rejection) }
        return .success(
            Hold(
                id: id,
                merchantID: merchant.id,
                staffID: request.staffID,
                serviceID: service.id,
                customerID: request.customerID,
                startsAt: request.startsAt,
                endsAt: endsAt,
                bufferBeforeMinutes: service.bufferBeforeMinutes,
                bufferAfterMinutes: service.bufferAfterMinutes,
                createdAt: now,
                expiresAt: now.adding(minutes: merchant.rules.holdMinutes),
                resourceNeeds: service.resourceNeeds
            )
        )
    }
}
