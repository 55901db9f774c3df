extension BookingEngine {
    /// Books a service: a named staff member, or the first free one who can do it (in catalog order).
    ///
    /// With an idempotency key, a repeated request gets the first outcome (also a rejection), and a different
    /// request under the same key is an `idempotency_conflict`.
    public func createBooking(_ request: NewBooking, _ context: CommandContext) async throws(DurabilityError)
        -> Result<Booking, Rejection>
    {
        try await idempotency.perform(
            key: request.idempotencyKey, merchantID: request.merchantID, fingerprint: request.fingerprint,
            now: context.now, store: store
        ) { (record) async throws(DurabilityError) -> Result<Booking, Rejection> in
            request.items.isEmpty
                ? try await place(request, context, idempotency: record)
                : try await placeVisit(request, context, idempotency: record)
        }
    }

    private func place(_ request: NewBooking, _ context: CommandContext, idempotency: IdempotencyRecord?)
        async throws(DurabilityError) -> Result<Booking, Rejection>
    {
        let plan: BookingPlan
        let (catalog, hold, verdict, offered) = store.read { state in
            (
                state.catalog, request.holdID.flatMap { state.ledger.holds[$0] },
                Self.policyVerdict(of: request, context, in: state),
                request.holdID.map { state.ledger.waitlist.offers[$0] != nil } ?? false
            )
        }
        switch BookingPlanner.plan(request, catalog: catalog, hold: hold, policy: verdict, context: context) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let resolved): plan = resolved
        }
        if let hold = plan.hold {
            // A waitlist offer's booking takes the offer's number (see `WaitlistEntry.offeredBookingID`).
            let id = offered ? BookingID(hold.id.rawValue) : BookingID(ids.next())
            return try await confirm(hold, as: id, request, plan, context, idempotency)
        }
        let id = BookingID(ids.next())
        var refusal: ReservationRefusal?
        let owner = ScheduleOwner.booking(id)
        for staffID in plan.candidates {
            let booking = makeBooking(id, staffID: staffID, request, plan, context)
            let claims = Claims(booking)
            if let refused = await reserve(claims, for: owner, holdExpiry: nil, now: context.now) {
                if case .resourceFull = refused { return .failure(refused.rejection()) }  // the same for everyone
                refusal = refusal ?? refused
                continue
            }
            do {
                _ = try await commit(.bookingCreated(booking, idempotency: idempotency))
            } catch {
                await release(claims, of: owner)
                throw error
            }
            precondition(store.read { $0.ledger.bookings[id] != nil }, "a committed booking is not in the state")
            return .success(booking)
        }
        return .failure(refusal?.rejection() ?? Rejection(.overlap, "the time is already taken"))
    }

    private func confirm(
        _ hold: Hold,
        as id: BookingID,
        _ request: NewBooking,
        _ plan: BookingPlan,
        _ context: CommandContext,
        _ idempotency: IdempotencyRecord?
    ) async throws(DurabilityError) -> Result<Booking, Rejection> {
        let holdOwner = ScheduleOwner.hold(hold.id)
        guard beginChange(holdOwner) else {
            return .failure(Rejection(.concurrentModification, "the hold is being changed by another request"))
        }
        defer { endChange(holdOwner) }
        guard await convert(hold, into: id, now: context.now) else {
            return .failure(Rejection(.holdExpired, "the hold has expired"))
        }
        var booking = makeBooking(id, staffID: hold.staffID, request, plan, context)
        booking.resourceNeeds = hold.resourceNeeds  // the uses the hold reserved, whatever the menu says now
        if !hold.items.isEmpty { booking = Self.visit(booking, heldBy: hold) }
        do {
            _ = try await commit(.bookingCreated(booking, idempotency: idempotency))
        } catch {
            await revert(id, toHold: hold)
            throw error
        }
        precondition(
            store.read { $0.ledger.bookings[id] != nil && $0.ledger.holds[hold.id] == nil },
            "a confirmed hold is still held, or its booking is missing")
        return .success(booking)
    }

    /// A booking of the visit a hold kept whole (a waitlist offer), on exactly the hold's items.
    private static func visit(_ booking: Booking, heldBy hold: Hold) -> Booking {
        var visit = Booking(
            id: booking.id, merchantID: booking.merchantID, staffID: hold.staffID, serviceID: hold.serviceID,
            customerID: booking.customerID, startsAt: hold.startsAt, endsAt: hold.endsAt, note: booking.note,
            createdAt: booking.createdAt, holdID: hold.id, origin: booking.origin)
        visit.items = hold.items
        visit.awaitingApproval = booking.awaitingApproval
        return visit
    }

    private func makeBooking(
        _ id: BookingID,
        staffID: StaffID,
        _ request: NewBooking,
        _ plan: BookingPlan,
        _ context: CommandContext
    ) -> Booking {
        var booking = Booking(
            id: id,
            merchantID: plan.merchant.id,
            staffID: staffID,
            serviceID: plan.service.id,
            customerID: request.customerID,
            startsAt: request.startsAt,
            endsAt: plan.endsAt,
            bufferBeforeMinutes: plan.service.bufferBeforeMinutes,
            bufferAfterMinutes: plan.service.bufferAfterMinutes,
            note: request.note,
            createdAt: context.now,
            holdID: plan.hold?.id,
            origin: context.origin,
            resourceNeeds: plan.service.resourceNeeds
        )
        booking.awaitingApproval = plan.needsApproval
        return booking
    }
}
