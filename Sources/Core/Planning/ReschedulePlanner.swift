/// A valid move of a booking.
struct ReschedulePlan: Sendable {
    var booking: Booking
    var staffID: StaffID
    var isNoChange: Bool
}

/// Checks a move against the durable state.
enum ReschedulePlanner {
    static func plan(
        _ id: BookingID,
        merchantID: MerchantID,
        _ move: BookingMove,
        in state: borrowing EngineState,
        context: CommandContext
    ) -> Result<ReschedulePlan, Rejection> {
        guard let booking = state.ledger.bookings[id], booking.merchantID == merchantID,
            let merchant = state.catalog.merchants[merchantID]
        else { return .failure(.notFound("booking")) }
        guard booking.status == .confirmed else { return .failure(BookingEngine.notConfirmed(booking)) }
        guard move.startsAt.secondsSinceEpoch % 60 == 0 else {
            return .failure(.invalid("startsAt", "bookings start on a whole minute"))
        }
        if move.allowOutsideWorkingHours && context.origin.author.kind == .customer {
            return .failure(.invalid("allowOutsideWorkingHours", "only the salon may book outside working hours"))
        }
        let staffID = move.staffID ?? booking.staffID
        if staffID != booking.staffID, Set(booking.parts.map(\.staffID)).count > 1 {
            return .failure(
                .invalid("staffId", "a visit with several technicians keeps them; move it without a staffId"))
        }
        let moved = booking.moved(to: move.startsAt, staffID: staffID)
        if staffID == booking.staffID && move.startsAt == booking.startsAt {
            return .success(ReschedulePlan(booking: booking, staffID: staffID, isNoChange: true))
        }
        if !move.allowOutsideWorkingHours,
            let rejection = WorkingTime.bookingWindowRejection(
                startsAt: move.startsAt,
                merchant: merchant,
                now: context.now
            )
        {
            return .failure(rejection)
        }
        for part in moved.parts {
            guard let service = state.catalog.services[part.serviceID] else { return .failure(.notFound("service")) }
            let checked = BookingPlanner.candidates(
                part.staffID,
                for: service,
                range: part.blockedRange,
                merchant: merchant,
                catalog: state.catalog,
                anyTime: move.allowOutsideWorkingHours
            )
            if case .failure(let rejection) = checked { return .failure(rejection) }
        }
        return .success(ReschedulePlan(booking: booking, staffID: staffID, isNoChange: false))
    }
}
