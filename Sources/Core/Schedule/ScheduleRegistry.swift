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
        var entries: [StaffID: [(ScheduleOwner, BlockedRange, holdExpiry: Instant?)]] = [:]
        var uses: [ResourceID: [(ScheduleOwner, BlockedRange, holdExpiry: Instant?)]] = [:]
        for booking in state.ledger.bookings.values where booking.status == .confirmed {
            for (staffID, range) in booking.staffRanges {
                entries[staffID, default: []].append((.booking(booking.id), range, nil))
            }
            for use in booking.resourceUses {
                uses[use.resourceID, default: []].append((.booking(booking.id), use.range, nil))
            }
        }
        for hold in state.ledger.holds.values {
            for (staffID, range) in hold.staffRanges {
                entries[staffID, default: []].append((.hold(hold.id), range, hold.expiresAt))
            }
            for use in hold.resourceUses {
                uses[use.resourceID, default: []].append((.hold(hold.id), use.range, hold.expiresAt))
            }
        }
        staffActors.withLock { actors in
            actors.removeAll()
            for (staffID, list) in entries { actors[staffID] = StaffSchedule(staffID: staffID, entries: list) }
        }
        resourceActors.withLock { actors in
            actors.removeAll()
            for (resourceID, list) in uses { actors[resourceID] = ResourceSchedule(resourceID: resourceID, uses: list) }
        }
    }
}
