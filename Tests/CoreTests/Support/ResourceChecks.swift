@testable import Core

/// Checks of a state's resource uses, for the tests (the engine enforces capacity when reserving; a salon may lower
/// a capacity below what is already booked, so these are not a property every durable state has).
extension EngineState {
    /// The instants at which the confirmed bookings and the holds live at `now` using a resource exceed its
    /// capacity (there must be none), with the resource and the number of users.
    func resourcesOverCapacity(now: Instant) -> [(ResourceID, Instant, users: Int)] {
        var uses: [ResourceID: [BlockedRange]] = [:]
        for booking in ledger.bookings.values where booking.status == .confirmed {
            for use in booking.resourceUses { uses[use.resourceID, default: []].append(use.range) }
        }
        for hold in ledger.holds.values where hold.isLive(at: now) {
            for use in hold.resourceUses { uses[use.resourceID, default: []].append(use.range) }
        }
        var violations: [(ResourceID, Instant, users: Int)] = []
        for (id, ranges) in uses {
            let capacity = catalog.resources[id]?.capacity ?? 0
            for (instant, users) in ResourceLoad.peaks(of: ranges) where users > capacity {
                violations.append((id, instant, users))
            }
        }
        return violations
    }
}

extension ResourceLoad {
    /// Each instant at which the number of users rises, with the number from that instant on.
    static func peaks(of ranges: [BlockedRange]) -> [(Instant, Int)] {
        var events: [(at: Int64, delta: Int)] = []
        for range in ranges {
            events.append((range.start.secondsSinceEpoch, 1))
            events.append((range.end.secondsSinceEpoch, -1))
        }
        events.sort { $0.at < $1.at }
        var peaks: [(Instant, Int)] = []
        var users = 0
        var index = 0
        while index < events.count {
            let at = events[index].at
            let before = users
            while index < events.count, events[index].at == at {
                users += events[index].delta
                index += 1
            }
            if users > before { peaks.append((Instant(secondsSinceEpoch: at), users)) }
        }
        return peaks
    }
}
