import Synchronization

/// The schedule actors, one per staff member, created on first use.
final class ScheduleRegistry: Sendable {
    private let actors = Mutex<[StaffID: StaffSchedule]>([:])

    func schedule(for staffID: StaffID) -> StaffSchedule {
        actors.withLock { actors in
            if let existing = actors[staffID] { return existing }
            let created = StaffSchedule(staffID: staffID)
            actors[staffID] = created
            return created
        }
    }

    /// Builds every schedule from a state: confirmed bookings and holds, grouped by staff member.
    func rebuild(from state: EngineState) {
        var bookings: [StaffID: [Booking]] = [:]
        var holds: [StaffID: [Hold]] = [:]
        for booking in state.ledger.bookings.values where booking.status == .confirmed {
            bookings[booking.staffID, default: []].append(booking)
        }
        for hold in state.ledger.holds.values { holds[hold.staffID, default: []].append(hold) }
        let staffIDs = Set(bookings.keys).union(holds.keys)
        actors.withLock { actors in
            actors.removeAll()
            for staffID in staffIDs {
                actors[staffID] = StaffSchedule(
                    staffID: staffID,
                    bookings: bookings[staffID] ?? [],
                    holds: holds[staffID] ?? []
                )
            }
        }
    }
}
