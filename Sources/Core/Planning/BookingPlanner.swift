/// What a valid booking request resolves to before any time is reserved.
struct BookingPlan: Sendable {
    var merchant: Merchant
    var service: Service
    /// The staff members to try, in order (one when the request names one or confirms a hold).
    var candidates: [StaffID]
    /// The time the booking will block, buffers included.
    var range: BlockedRange
    var endsAt: Instant
    /// The hold being confirmed, if any.
    var hold: Hold?
    /// The salon's no-show policy asks to approve this customer's online booking.
    var needsApproval = false
}

/// Checks requests against the durable state: pure functions, no reservation and no I/O.
enum BookingPlanner {
    /// Resolves a booking request, or says why it cannot be made.
    ///
    /// It works on a copy of the catalog taken under the state lock, so planning runs outside the lock; `hold` is
    /// the hold named by the request, looked up the same way; `policy` is what the salon's no-show policy says of
    /// the request (computed from the ledger under the same lock).
    static func plan(
        _ request: NewBooking, catalog: Catalog, hold: Hold?, policy: BookingEngine.PolicyVerdict = .allowed,
        context: CommandContext
    ) -> Result<BookingPlan, Rejection> {
        guard let merchant = catalog.merchants[request.merchantID] else { return .failure(.notFound("merchant")) }
        guard let service = catalog.services[request.serviceID], service.merchantID == merchant.id else {
            return .failure(.notFound("service"))
        }
        guard service.isActive else { return .failure(.invalid("serviceId", "the service is not offered")) }
        if let rejection = gate(request, merchant: merchant, catalog: catalog, policy: policy, context: context) {
            return .failure(rejection)
        }
        let endsAt = request.startsAt.adding(minutes: service.durationMinutes)
        let range = BlockedRange(
            start: request.startsAt.adding(minutes: -service.bufferBeforeMinutes),
            end: endsAt.adding(minutes: service.bufferAfterMinutes)
        )
        var plan = BookingPlan(
            merchant: merchant,
            service: service,
            candidates: [],
            range: range,
            endsAt: endsAt,
            hold: nil
        )
        if case .needsApproval = policy { plan.needsApproval = true }
        if let holdID = request.holdID {
            return holdPlan(request, holdID: holdID, hold: hold, plan: plan, now: context.now)
        }
        if !request.allowOutsideWorkingHours,
            let rejection = WorkingTime.bookingWindowRejection(
                startsAt: request.startsAt,
                merchant: merchant,
                now: context.now
            )
        {
            return .failure(rejection)
        }
        switch candidates(
            request.staffID, for: service, range: range, merchant: merchant, catalog: catalog,
            anyTime: request.allowOutsideWorkingHours)
        {
        case .failure(let rejection): return .failure(rejection)
        case .success(let staffIDs): plan.candidates = staffIDs
        }
        return .success(plan)
    }

    /// The checks every booking request passes before its time is looked at, in this order: the customer exists,
    /// the salon is not suspended, the customer may book online, the no-show policy allows it, and the request is
    /// well formed.
    static func gate(
        _ request: NewBooking, merchant: Merchant, catalog: Catalog, policy: BookingEngine.PolicyVerdict,
        context: CommandContext
    ) -> Rejection? {
        guard let customer = catalog.customers[request.customerID], customer.merchantID == merchant.id else {
            return .notFound("customer")
        }
        if merchant.suspended { return BookingEngine.suspended }
        if !customer.mayBookOnline && context.origin.author.kind == .customer { return BookingEngine.blocked }
        if case .refused(let rejection) = policy { return rejection }
        return basicRejection(request, context: context)
    }

    /// Checks that apply to every request whatever the state.
    private static func basicRejection(_ request: NewBooking, context: CommandContext) -> Rejection? {
        if request.startsAt.secondsSinceEpoch % 60 != 0 {
            return .invalid("startsAt", "bookings start on a whole minute")
        }
        if request.note.count > NewBooking.noteLengthMax {
            return .invalid("note", "the note is longer than \(NewBooking.noteLengthMax) characters")
        }
        if request.allowOutsideWorkingHours && context.origin.author.kind == .customer {
            return .invalid("allowOutsideWorkingHours", "only the salon may book outside working hours")
        }
        return nil
    }

    private static func holdPlan(
        _ request: NewBooking,
        holdID: HoldID,
        hold: Hold?,
        plan: BookingPlan,
        now: Instant
    ) -> Result<BookingPlan, Rejection> {
        guard let hold, hold.id == holdID, hold.merchantID == request.merchantID else {
            return .failure(.notFound("hold"))
        }
        guard hold.isLive(at: now) else { return .failure(Rejection(.holdExpired, "the hold has expired")) }
        if hold.serviceID != request.serviceID || hold.startsAt != request.startsAt
            || (request.staffID.map { $0 != hold.staffID } ?? false)
            || (hold.customerID.map { $0 != request.customerID } ?? false)
        {
            return .failure(.invalid("holdId", "the hold is for another service, staff member, time or customer"))
        }
        var plan = plan
        plan.candidates = [hold.staffID]
        plan.range = hold.blockedRange
        plan.hold = hold
        return .success(plan)
    }

    /// The staff members who can do `service` over `range`, in catalog order.
    static func candidates(
        _ staffID: StaffID?,
        for service: Service,
        range: BlockedRange,
        merchant: Merchant,
        catalog: Catalog,
        anyTime: Bool
    ) -> Result<[StaffID], Rejection> {
        if let staffID {
            guard let staff = catalog.staff[staffID], staff.merchantID == merchant.id else {
                return .failure(.notFound("staff"))
            }
            guard staff.canPerform(service) else {
                return .failure(.invalid("staffId", "this staff member does not do this service"))
            }
            guard anyTime || WorkingTime.covers(range, staff: staff, zone: merchant.zone) else {
                return .failure(Rejection(.outsideWorkingHours, "the staff member is not working at that time"))
            }
            return .success([staffID])
        }
        let able = catalog.staff(of: merchant.id).filter { $0.canPerform(service) }
        guard !able.isEmpty else { return .failure(.invalid("serviceId", "no staff member does this service")) }
        let working = able.filter { anyTime || WorkingTime.covers(range, staff: $0, zone: merchant.zone) }
        guard !working.isEmpty else {
            return .failure(Rejection(.outsideWorkingHours, "no staff member for this service works at that time"))
        }
        return .success(working.map(\.id))
    }
}
