/// One staff member's blocked time: the confirmed bookings and live holds, in an interval tree.
///
/// An actor per staff member serialises every check-and-reserve on that member's time. Each method runs to its end
/// without an `await`, so "is it free?" and "reserve it" can never be interleaved with another request (actor
/// re-entrancy is how actors double-book). Callers reserve before the change is durable and free after it is, so
/// the log's order never contradicts what the tree allowed.
public actor StaffSchedule {
    /// The staff member.
    public let staffID: StaffID
    private var tree = IntervalTree()
    /// Expiry of each hold in the tree; an expired hold no longer blocks and is dropped when met.
    private var holdExpiries: [ScheduleOwner: Instant] = [:]

    /// Creates a schedule holding the given entries — confirmed bookings' and live holds' ranges of this staff
    /// member, with each hold's expiry — (used when the state is rebuilt).
    public init(staffID: StaffID, entries: [(ScheduleOwner, BlockedRange, holdExpiry: Instant?)] = []) {
        self.staffID = staffID
        for (owner, range, expiry) in entries {
            tree.insert(Self.entry(range, owner))
            if let expiry { holdExpiries[owner] = expiry }
        }
    }

    /// Reserves `range` for `owner` unless something else blocks it at `now`; returns the blocker if any.
    ///
    /// Entries of the same owner never conflict (a booking moving within its own old time). A hold reservation
    /// passes its expiry.
    public func reserve(_ range: BlockedRange, for owner: ScheduleOwner, holdExpiry: Instant?, now: Instant)
        -> ScheduleOwner?
    {
        if let blocker = firstBlocker(of: range, excluding: owner, now: now) { return blocker }
        tree.insert(Self.entry(range, owner))
        if let holdExpiry { holdExpiries[owner] = holdExpiry }
        return nil
    }

    /// Frees the interval `owner` reserved starting at `range.start`; freeing a missing interval does nothing.
    public func release(_ range: BlockedRange, of owner: ScheduleOwner) {
        tree.remove(start: range.start.secondsSinceEpoch, owner: owner.rawValue)
        holdExpiries[owner] = nil
    }

    /// Puts back a range the leader already decided (replicas mirroring the log): no overlap check.
    public func restore(_ range: BlockedRange, for owner: ScheduleOwner, holdExpiry: Instant?) {
        tree.remove(start: range.start.secondsSinceEpoch, owner: owner.rawValue)
        tree.insert(Self.entry(range, owner))
        if let holdExpiry { holdExpiries[owner] = holdExpiry }
    }

    /// Turns a live hold into a booking on exactly the same interval, atomically; false if the hold is gone or
    /// expired at `now`.
    public func convert(hold: ScheduleOwner, ranges: [BlockedRange], into booking: ScheduleOwner, now: Instant)
        -> Bool
    {
        guard let expiry = holdExpiries[hold], now < expiry,
            ranges.allSatisfy({ tree.contains(start: $0.start.secondsSinceEpoch, owner: hold.rawValue) })
        else { return false }
        for range in ranges {
            tree.remove(start: range.start.secondsSinceEpoch, owner: hold.rawValue)
            tree.insert(Self.entry(range, booking))
        }
        holdExpiries[hold] = nil
        return true
    }

    /// Undoes ``convert(hold:ranges:into:now:)`` after the booking failed to become durable.
    public func revert(booking: ScheduleOwner, ranges: [BlockedRange], toHold hold: ScheduleOwner, expiry: Instant) {
        for range in ranges {
            tree.remove(start: range.start.secondsSinceEpoch, owner: booking.rawValue)
            tree.insert(Self.entry(range, hold))
        }
        holdExpiries[hold] = expiry
    }

    /// The blocked ranges that overlap [from, to) at `now`, sorted by start (expired holds left out).
    public func blockedRanges(from: Instant, to: Instant, now: Instant) -> [BlockedRange] {
        var ranges: [BlockedRange] = []
        tree.forEachOverlap(start: from.secondsSinceEpoch, end: to.secondsSinceEpoch) { entry in
            let owner = ScheduleOwner(rawValue: entry.owner)
            if let expiry = holdExpiries[owner], expiry <= now { return true }
            ranges.append(
                BlockedRange(
                    start: Instant(secondsSinceEpoch: entry.start),
                    end: Instant(secondsSinceEpoch: entry.end)
                )
            )
            return true
        }
        return ranges
    }

    /// Whoever blocks `range` at `now` first, if anyone (expired holds left out).
    public func firstBlocker(of range: BlockedRange, now: Instant) -> ScheduleOwner? {
        tree.firstOverlap(start: range.start.secondsSinceEpoch, end: range.end.secondsSinceEpoch) { entry in
            holdExpiries[ScheduleOwner(rawValue: entry.owner)].map { $0 > now } ?? true
        }.map { ScheduleOwner(rawValue: $0.owner) }
    }

    /// Every interval in the tree, for checks and tests.
    public var entries: [IntervalTree.Entry] { tree.entries }

    private func firstBlocker(of range: BlockedRange, excluding owner: ScheduleOwner, now: Instant) -> ScheduleOwner? {
        var expired: [IntervalTree.Entry] = []
        let blocker = tree.firstOverlap(start: range.start.secondsSinceEpoch, end: range.end.secondsSinceEpoch) {
            entry in
            let other = ScheduleOwner(rawValue: entry.owner)
            if other == owner { return false }
            if let expiry = holdExpiries[other], expiry <= now {
                expired.append(entry)
                return false
            }
            return true
        }
        for entry in expired {
            tree.remove(start: entry.start, owner: entry.owner)
            holdExpiries[ScheduleOwner(rawValue: entry.owner)] = nil
        }
        return blocker.map { ScheduleOwner(rawValue: $0.owner) }
    }

    private static func entry(_ range: BlockedRange, _ owner: ScheduleOwner) -> IntervalTree.Entry {
        IntervalTree.Entry(
            start: range.start.secondsSinceEpoch, end: range.end.secondsSinceEpoch, owner: owner.rawValue)
    }
}
