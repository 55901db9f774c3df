/// Finds the start times on a merchant's grid at which a service fits: pure arithmetic over sorted ranges.
public struct SlotFinder: Sendable {
    /// The service length in seconds.
    public var durationSeconds: Int64
    /// Preparation blocked before the start, in seconds.
    public var bufferBeforeSeconds: Int64
    /// Cleanup blocked after the end, in seconds.
    public var bufferAfterSeconds: Int64
    /// The grid step in seconds, aligned to local midnight.
    public var gridSeconds: Int64
    /// The merchant's zone (the grid follows its wall clock, also across DST changes).
    public var zone: ZoneRules

    /// Creates a finder for one service at one merchant.
    public init(service: Service, merchant: Merchant) {
        durationSeconds = Int64(service.durationMinutes) * 60
        bufferBeforeSeconds = Int64(service.bufferBeforeMinutes) * 60
        bufferAfterSeconds = Int64(service.bufferAfterMinutes) * 60
        gridSeconds = Int64(merchant.slotMinutes) * 60
        zone = merchant.zone
    }

    /// The starts, not before `earliest`, at which [start − buffer before, start + duration + buffer after) lies
    /// inside one of `working` and overlaps none of `blocked`. Both inputs must be sorted by start.
    public func starts(working: [BlockedRange], blocked: [BlockedRange], earliest: Instant) -> [Instant] {
        var starts: [Instant] = []
        for free in Self.subtract(blocked, from: working) {
            var start = alignedStart(atOrAfter: max(free.start + bufferBeforeSeconds, earliest))
            while start + (durationSeconds + bufferAfterSeconds) <= free.end {
                starts.append(start)
                start = alignedStart(atOrAfter: start + gridSeconds)
            }
        }
        return starts
    }

    /// The first instant at or after `instant` whose local wall-clock time is on the grid.
    func alignedStart(atOrAfter instant: Instant) -> Instant {
        var candidate = instant
        for _ in 0..<3 {  // a DST change can move the grid once; a second pass settles it
            let offset = Int64(zone.offsetSeconds(at: candidate))
            let local = candidate.secondsSinceEpoch + offset
            var remainder = local % gridSeconds
            if remainder < 0 { remainder += gridSeconds }
            if remainder == 0 { return candidate }
            candidate = Instant(secondsSinceEpoch: local + (gridSeconds - remainder) - offset)
        }
        return candidate
    }

    /// `ranges` minus `blocked` (both sorted by start): the free parts, sorted.
    static func subtract(_ blocked: [BlockedRange], from ranges: [BlockedRange]) -> [BlockedRange] {
        var free: [BlockedRange] = []
        var blockedIndex = 0
        for range in ranges {
            var cursor = range.start
            while blockedIndex < blocked.count, blocked[blockedIndex].end <= cursor { blockedIndex += 1 }
            var index = blockedIndex
            while index < blocked.count, blocked[index].start < range.end {
                if blocked[index].start > cursor { free.append(BlockedRange(start: cursor, end: blocked[index].start)) }
                cursor = max(cursor, blocked[index].end)
                index += 1
            }
            if cursor < range.end { free.append(BlockedRange(start: cursor, end: range.end)) }
        }
        return free
    }
}
