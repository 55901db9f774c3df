import Synchronization

/// The schedule actors — one per staff member and one per shared resource — created on first use.
final class ScheduleRegistry: Sendable {
    private let staffActors = Mutex<[StaffID: StaffSchedule]>([:])
    private let resourceActors = Mutex<[ResourceID: ResourceSchedule]>([:])

    func schedule(for staffID: StaffID) -> StaffSchedule {
        staffActors.withLock { actors in
            if let existing = actors[staffID] { return existing }
            let created = StaffSchedule(staffID: staffID)
            actors[staffID] = created
            return created
        }
    }

    func schedule(for resourceID: ResourceID) -> ResourceSchedule {
        resourceActors.withLock { actors in
            if let existing = actors[resourceID] { return existing }
            let created = ResourceSchedule(resourceID: resourceID)
            actors[resourceID] = created
            return created
        }
    }

    /// Builds every schedule from a state: confirmed bookings and holds, grouped by staff member and by resource.
    func rebuild(from state: EngineState) {
        var bookings: [StaffID: [Booking]] = [:]
        var holds: [StaffID: [Hold]] = [:]
        var uses: [ResourceID: [(ScheduleOwner, BlockedRange, holdExpiry: Instant?)]] = [:]
        for booking in state.ledger.bookings.values where booking.status == .confirmed {
            bookings[booking.staffID, default: []].append(booking)
            for use in booking.resourceUses {
                uses[use.resourceID, default: []].append((.booking(booking.id), use.range, nil))
            }
        }
        for hold in state.ledger.holds.values {
            holds[hold.staffID, default: []].append(hold)
            for use in hold.resourceUses {
                uses[use.resourceID, default: []].append((.hold(hold.id), use.range, hold.expiresAt))
            }
        }
        let staffIDs = Set(bookings.keys).union(holds.keys)
        staffActors.withLock { actors in
            actors.removeAll()
            for staffID in staffIDs {
                actors[staffID] = StaffSchedule(
                    staffID: staffID,
                    bookings: bookings[staffID] ?? [],
                    holds: holds[staffID] ?? []
                )
            }
        }
        resourceActors.withLock { actors in
            actors.removeAll()
            for (resourceID, list) in uses { actors[resourceID] = ResourceSchedule(resourceID: resourceID, uses: list) }
        }
    }
}
