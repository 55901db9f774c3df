extension BookingEngine {
    /// How many times a visit is tried again when another request took one of its technicians between the look at
    /// their schedules and the reservation.
    static let visitAttemptsMax = 3

    /// Books a multi-service visit: every item reserved — technicians and resources — or none (see
    /// ``reserve(_:for:holdExpiry:now:)``), logged as one booking.
    func placeVisit(_ request: NewBooking, _ context: CommandContext, idempotency: IdempotencyRecord?)
        async throws(DurabilityError) -> Result<Booking, Rejection>
    {
        let (catalog, verdict) = store.read { state in
            (state.catalog, Self.policyVerdict(of: request, context, in: state))
        }
        let plan: VisitPlan
        switch VisitPlanner.plan(request, catalog: catalog, policy: verdict, context: context) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let resolved): plan = resolved
        }
        let id = BookingID(ids.next())
        let owner = ScheduleOwner.booking(id)
        var refusal: ReservationRefusal?
        for _ in 0..<Self.visitAttemptsMax {
            let (assignment, blocker) = await assignTechnicians(plan, now: context.now)
            guard let assignment else {
                return .failure(Rejection(.overlap, "the time is already taken", conflictingID: blocker?.description))
            }
            let booking = makeVisit(id, plan, assignment, request, context)
            let claims = Claims(booking)
            if let refused = await reserve(claims, for: owner, holdExpiry: nil, now: context.now) {
                if case .resourceFull = refused { return .failure(refused.rejection()) }
                refusal = refused  // another request took a technician since the look: look again
                continue
            }
            do {
                _ = try await commit(.bookingCreated(booking, idempotency: idempotency))
            } catch {
                await release(claims, of: owner)
                throw error
            }
            precondition(store.read { $0.ledger.bookings[id] != nil }, "a committed visit is not in the state")
            return .success(booking)
        }
        return .failure(refusal?.rejection() ?? Rejection(.overlap, "the time is already taken"))
    }

    /// A technician for every item, from a look at the candidates' schedules; nil (with something in the way)
    /// when there is none.
    private func assignTechnicians(_ plan: VisitPlan, now: Instant) async -> ([StaffID]?, ScheduleOwner?) {
        let span = plan.span
        var busy: [StaffID: [BlockedRange]] = [:]
        for staffID in Set(plan.items.flatMap(\.candidates)) {
            busy[staffID] = await schedule(of: staffID).blockedRanges(from: span.start, to: span.end, now: now)
        }
        let assignment = VisitPlanner.assign(plan.items.map(\.candidates), parallel: plan.parallel) { index, staffID in
            !(busy[staffID] ?? []).contains { $0.overlaps(plan.items[index].range) }
        }
        if assignment != nil { return (assignment, nil) }
        for item in plan.items {
            for staffID in item.candidates {
                if let owner = await schedule(of: staffID).firstBlocker(of: item.range, now: now) {
                    return (nil, owner)
                }
            }
        }
        return (nil, nil)
    }

    private func makeVisit(
        _ id: BookingID, _ plan: VisitPlan, _ assignment: [StaffID], _ request: NewBooking, _ context: CommandContext
    ) -> Booking {
        let items = zip(plan.items, assignment).map { item, staffID in
            VisitItem(
                serviceID: item.service.id, staffID: staffID, startsAt: item.startsAt, endsAt: item.endsAt,
                bufferBeforeMinutes: item.service.bufferBeforeMinutes,
                bufferAfterMinutes: item.service.bufferAfterMinutes, resourceNeeds: item.service.resourceNeeds)
        }
        var booking = Booking(
            id: id, merchantID: plan.merchant.id, staffID: items[0].staffID, serviceID: items[0].serviceID,
            customerID: request.customerID, startsAt: items.map(\.startsAt).min()!,
            endsAt: items.map(\.endsAt).max()!, note: request.note, createdAt: context.now, origin: context.origin)
        booking.items = items
        booking.awaitingApproval = plan.needsApproval
        return booking
    }
}
