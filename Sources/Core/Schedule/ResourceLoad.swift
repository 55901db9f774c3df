/// How many users a resource has over time: pure arithmetic over ranges, shared by the resource actors, the
/// availability search and the checks of a state.
public enum ResourceLoad {
    /// Whether adding `requested` to `others` keeps the number of users at or under `capacity` wherever a requested
    /// range lies (the other ranges are assumed to fit already).
    public static func fits(_ requested: [BlockedRange], besides others: [BlockedRange], capacity: Int) -> Bool {
        guard !requested.isEmpty else { return true }
        guard capacity > 0 else { return false }
        var events: [(at: Int64, delta: Int, ours: Int)] = []
        events.reserveCapacity(2 * (requested.count + others.count))
        for range in requested {
            events.append((range.start.secondsSinceEpoch, 1, 1))
            events.append((range.end.secondsSinceEpoch, -1, -1))
        }
        for range in others {
            events.append((range.start.secondsSinceEpoch, 1, 0))
            events.append((range.end.secondsSinceEpoch, -1, 0))
        }
        events.sort { $0.at < $1.at }
        var users = 0
        var ours = 0
        var index = 0
        while index < events.count {
            let at = events[index].at
            while index < events.count, events[index].at == at {  // ranges are half-open: apply every change at once
                users += events[index].delta
                ours += events[index].ours
                index += 1
            }
            if ours > 0 && users > capacity { return false }
        }
        return true
    }

    /// The parts of [from, to) in which fewer than `capacity` of `ranges` are in use — where one more user fits —
    /// sorted and merged.
    public static func free(_ ranges: [BlockedRange], capacity: Int, from: Instant, to: Instant) -> [BlockedRange] {
        guard capacity > 0, from < to else { return [] }
        var events: [(at: Int64, delta: Int)] = []
        for range in ranges where range.end > from && range.start < to {
            events.append((max(range.start, from).secondsSinceEpoch, 1))
            events.append((min(range.end, to).secondsSinceEpoch, -1))
        }
        events.sort { $0.at < $1.at }
        var free: [BlockedRange] = []
        var users = 0
        var cursor = from.secondsSinceEpoch
        var index = 0
        func close(at end: Int64) {
            if users < capacity, cursor < end {
                if let last = free.last, last.end.secondsSinceEpoch == cursor {
                    free[free.count - 1].end = Instant(secondsSinceEpoch: end)
                } else {
                    free.append(
                        BlockedRange(start: Instant(secondsSinceEpoch: cursor), end: Instant(secondsSinceEpoch: end)))
                }
            }
            cursor = end
        }
        while index < events.count {
            let at = events[index].at
            close(at: at)
            while index < events.count, events[index].at == at {
                users += events[index].delta
                index += 1
            }
        }
        close(at: to.secondsSinceEpoch)
        return free
    }
}
