/// One change to a staff schedule, as a follower replays the leader's log into its own schedule actors.
public enum ScheduleChange: Sendable, Equatable {
    /// Reserve a range (no overlap check: the leader already decided).
    case insert(StaffID, BlockedRange, ScheduleOwner, holdExpiry: Instant?)
    /// Free a range.
    case remove(StaffID, BlockedRange, ScheduleOwner)
}

/// Turns applied events into schedule changes, so a replica's availability matches its state. Pure: it reads the
/// state *before* the events are applied (to learn the ranges that events free).
public enum ScheduleMirror {
    /// The schedule changes that `events` cause, given the state before them (applied in order).
    public static func changes(for events: [EngineEvent], before state: borrowing EngineState) -> [ScheduleChange] {
        var changes: [ScheduleChange] = []
        var moved: [BookingID: Booking] = [:]  // bookings changed earlier in the same batch
        for event in events {
            switch event {
            case .holdCreated(let hold):
                changes.append(.insert(hold.staffID, hold.blockedRange, .hold(hold.id), holdExpiry: hold.expiresAt))
            case .holdReleased(let id, _, _):
                if let hold = state.ledger.holds[id] {
                    changes.append(.remove(hold.staffID, hold.blockedRange, .hold(id)))
                }
            case .expiredSwept(let ids, _, _):
                for id in ids {
                    if let hold = state.ledger.holds[id] {
                        changes.append(.remove(hold.staffID, hold.blockedRange, .hold(id)))
                    }
                }
            case .bookingCreated(let booking, _):
                if let holdID = booking.holdID {
                    changes.append(.remove(booking.staffID, booking.blockedRange, .hold(holdID)))
                }
                changes.append(.insert(booking.staffID, booking.blockedRange, .booking(booking.id), holdExpiry: nil))
                moved[booking.id] = booking
            case .bookingCancelled(let id, _, _, _), .bookingCompleted(let id, _, _),
                .bookingMarkedNoShow(let id, _, _):
                if let booking = moved[id] ?? state.ledger.bookings[id] {
                    changes.append(.remove(booking.staffID, booking.blockedRange, .booking(id)))
                }
            case .bookingRescheduled(let id, let staffID, let startsAt, _, _):
                guard var booking = moved[id] ?? state.ledger.bookings[id] else { continue }
                changes.append(.remove(booking.staffID, booking.blockedRange, .booking(id)))
                booking.endsAt = startsAt + (booking.endsAt - booking.startsAt)
                booking.startsAt = startsAt
                booking.staffID = staffID
                changes.append(.insert(staffID, booking.blockedRange, .booking(id), holdExpiry: nil))
                moved[id] = booking
            default:
                continue
            }
        }
        return changes
    }
}

extension BookingEngine {
    /// Applies replicated schedule changes to the staff actors, in order.
    public func mirror(_ changes: [ScheduleChange]) async {
        for change in changes {
            switch change {
            case .insert(let staffID, let range, let owner, let expiry):
                await schedule(of: staffID).restore(range, for: owner, holdExpiry: expiry)
            case .remove(let staffID, let range, let owner):
                await schedule(of: staffID).release(range, of: owner)
            }
        }
    }
}
