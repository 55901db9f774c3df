/// One change to a staff or resource schedule, as a follower replays the leader's log into its own actors.
public enum ScheduleChange: Sendable, Equatable {
    /// Reserve a range (no overlap check: the leader already decided).
    case insert(StaffID, BlockedRange, ScheduleOwner, holdExpiry: Instant?)
    /// Free a range.
    case remove(StaffID, BlockedRange, ScheduleOwner)
    /// Reserve resource uses (no capacity check: the leader already decided).
    case insertUses(ResourceID, [BlockedRange], ScheduleOwner, holdExpiry: Instant?)
    /// Free resource uses.
    case removeUses(ResourceID, [BlockedRange], ScheduleOwner)
}

/// Turns applied events into schedule changes, so a replica's availability matches its state. Pure: it reads the
/// state *before* the events are applied (to learn the ranges that events free).
public enum ScheduleMirror {
    /// The schedule changes that `events` cause, given the state before them (applied in order).
    public static func changes(for events: [EngineEvent], before state: borrowing EngineState) -> [ScheduleChange] {
        var changes: [ScheduleChange] = []
        var moved: [BookingID: Booking] = [:]  // bookings changed earlier in the same batch
        var held: [HoldID: Hold] = [:]  // holds made earlier in the same batch
        func hold(_ id: HoldID) -> Hold? { held[id] ?? state.ledger.holds[id] }
        for event in events {
            switch event {
            case .holdCreated(let hold), .waitlistOffered(_, let hold):
                changes += inserts(Claims(hold), .hold(hold.id), holdExpiry: hold.expiresAt)
                held[hold.id] = hold
            case .holdReleased(let id, _, _):
                if let hold = hold(id) { changes += removals(Claims(hold), .hold(id)) }
            case .expiredSwept(let ids, _, _):
                for id in ids { if let hold = hold(id) { changes += removals(Claims(hold), .hold(id)) } }
            case .bookingCreated(let booking, _):
                if let holdID = booking.holdID, let hold = hold(holdID) {
                    changes += removals(Claims(hold), .hold(holdID))
                }
                changes += inserts(Claims(booking), .booking(booking.id), holdExpiry: nil)
                moved[booking.id] = booking
            case .bookingCancelled(let id, _, _, _), .bookingCompleted(let id, _, _),
                .bookingMarkedNoShow(let id, _, _):
                if let booking = moved[id] ?? state.ledger.bookings[id] {
                    changes += removals(Claims(booking), .booking(id))
                }
            case .bookingRescheduled(let id, let staffID, let startsAt, _, _):
                guard let booking = moved[id] ?? state.ledger.bookings[id] else { continue }
                changes += removals(Claims(booking), .booking(id))
                let rescheduled = booking.moved(to: startsAt, staffID: staffID)
                changes += inserts(Claims(rescheduled), .booking(id), holdExpiry: nil)
                moved[id] = rescheduled
            default:
                continue
            }
        }
        return changes
    }

    private static func inserts(_ claims: Claims, _ owner: ScheduleOwner, holdExpiry: Instant?) -> [ScheduleChange] {
        claims.staff.map { .insert($0.0, $0.1, owner, holdExpiry: holdExpiry) }
            + claims.resources.map { .insertUses($0.0, $0.1, owner, holdExpiry: holdExpiry) }
    }

    private static func removals(_ claims: Claims, _ owner: ScheduleOwner) -> [ScheduleChange] {
        claims.staff.map { .remove($0.0, $0.1, owner) } + claims.resources.map { .removeUses($0.0, $0.1, owner) }
    }
}

extension BookingEngine {
    /// Applies replicated schedule changes to the staff and resource actors, in order.
    public func mirror(_ changes: [ScheduleChange]) async {
        for change in changes {
            switch change {
            case .insert(let staffID, let range, let owner, let expiry):
                await schedule(of: staffID).restore(range, for: owner, holdExpiry: expiry)
            case .remove(let staffID, let range, let owner):
                await schedule(of: staffID).release(range, of: owner)
            case .insertUses(let resourceID, let ranges, let owner, let expiry):
                await schedule(of: resourceID).restore(ranges, for: owner, holdExpiry: expiry)
            case .removeUses(let resourceID, let ranges, let owner):
                await schedule(of: resourceID).release(ranges, of: owner)
            }
        }
    }
}
