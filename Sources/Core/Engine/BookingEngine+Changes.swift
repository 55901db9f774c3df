extension BookingEngine {
    /// Cancels a confirmed booking; customers must respect the merchant's cancellation deadline.
    public func cancelBooking(
        _ id: BookingID,
        merchantID: MerchantID,
        reason: String?,
        _ context: CommandContext
    ) async throws(DurabilityError) -> Result<Booking, Rejection> {
        if let reason, reason.count > NewBooking.noteLengthMax {
            return .failure(.invalid("reason", "the reason is longer than \(NewBooking.noteLengthMax) characters"))
        }
        return try await close(id, merchantID: merchantID, context) { booking, merchant in
            if context.origin.author.kind == .customer, let deadline = merchant.rules.cancelDeadlineMinutes,
                context.now > booking.startsAt.adding(minutes: -deadline)
            {
                return .failure(
                    Rejection(
                        .cancellationDeadlinePassed,
                        "bookings can be cancelled up to \(deadline) minutes before they start"
                    )
                )
            }
            return .success(.bookingCancelled(id, at: context.now, reason: reason, origin: context.origin))
        }
    }

    /// Marks a confirmed booking as done.
    public func completeBooking(_ id: BookingID, merchantID: MerchantID, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Booking, Rejection>
    {
        try await close(id, merchantID: merchantID, context) { _, _ in
            .success(.bookingCompleted(id, at: context.now, origin: context.origin))
        }
    }

    /// Marks a confirmed booking as a no-show.
    public func markNoShow(_ id: BookingID, merchantID: MerchantID, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Booking, Rejection>
    {
        try await close(id, merchantID: merchantID, context) { _, _ in
            .success(.bookingMarkedNoShow(id, at: context.now, origin: context.origin))
        }
    }

    /// Takes a confirmed booking out of `confirmed`: log the event first, then free its time.
    private func close(
        _ id: BookingID,
        merchantID: MerchantID,
        _ context: CommandContext,
        event: (Booking, Merchant) -> Result<EngineEvent, Rejection>
    ) async throws(DurabilityError) -> Result<Booking, Rejection> {
        let owner = ScheduleOwner.booking(id)
        guard beginChange(owner) else { return .failure(Self.busy) }
        defer { endChange(owner) }
        let found = store.read { state in
            state.ledger.bookings[id].flatMap { booking in
                state.catalog.merchants[booking.merchantID].map { (booking, $0) }
            }
        }
        guard let (booking, merchant) = found, booking.merchantID == merchantID else {
            return .failure(.notFound("booking"))
        }
        guard booking.status == .confirmed else { return .failure(Self.notConfirmed(booking)) }
        let change: EngineEvent
        switch event(booking, merchant) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let decided): change = decided
        }
        _ = try await commit(change)
        // The booking is ours until `endChange`: nothing else can have changed it since the commit.
        guard let closed = store.read({ $0.ledger.bookings[id] }), closed.status != .confirmed else {
            preconditionFailure("a closed booking is still confirmed")
        }
        await release(Claims(booking), of: owner)
        return .success(closed)
    }

    /// Moves a confirmed booking atomically: the new time is reserved first, the old one freed only once the
    /// move is durable, so a move onto a taken slot leaves the booking where it was.
    public func rescheduleBooking(
        _ id: BookingID,
        merchantID: MerchantID,
        to move: BookingMove,
        _ context: CommandContext
    ) async throws(DurabilityError) -> Result<Booking, Rejection> {
        let owner = ScheduleOwner.booking(id)
        guard beginChange(owner) else { return .failure(Self.busy) }
        defer { endChange(owner) }
        let planned = store.read { ReschedulePlanner.plan(id, merchantID: merchantID, move, in: $0, context: context) }
        let plan: ReschedulePlan
        switch planned {
        case .failure(let rejection): return .failure(rejection)
        case .success(let resolved): plan = resolved
        }
        if plan.isNoChange { return .success(plan.booking) }
        let target = Claims(plan.booking.moved(to: move.startsAt, staffID: plan.staffID))
        if let refusal = await reserve(target, for: owner, holdExpiry: nil, now: context.now) {
            return .failure(refusal.rejection("the new time is already taken"))
        }
        let event = EngineEvent.bookingRescheduled(
            id,
            staffID: plan.staffID,
            startsAt: move.startsAt,
            at: context.now,
            origin: context.origin
        )
        do {
            _ = try await commit(event)
        } catch {
            await release(target, of: owner)
            throw error
        }
        guard let moved = store.read({ $0.ledger.bookings[id] }), moved.startsAt == move.startsAt,
            moved.staffID == plan.staffID, moved.status == .confirmed
        else {
            preconditionFailure("a rescheduled booking is not where it was moved")
        }
        await release(Claims(plan.booking), of: owner)
        return .success(moved)
    }

    static let busy = Rejection(.concurrentModification, "another change to this booking is in progress; retry")

    static func notConfirmed(_ booking: Booking) -> Rejection {
        Rejection(.invalidStateTransition, "the booking is \(booking.status.name), not confirmed")
    }
}
