/// One shared resource's uses: the confirmed bookings and live holds using it, in an interval tree, never more at
/// an instant than its capacity.
///
/// Like ``StaffSchedule``, an actor per resource serialises every check-and-reserve, and each method runs to its
/// end without an `await`. An owner (a booking or a hold) may use the resource over several ranges, also at the
/// same time (two items of one visit); ranges of an owner that are already reserved do not count against its new
/// ones (a booking moving within its own old time), and are freed by the caller once the move is durable.
public actor ResourceSchedule {
    /// The resource.
    public let resourceID: ResourceID
    private var table = ResourceUseTable()

    /// Creates a schedule holding the given uses (used when the state is rebuilt).
    public init(resourceID: ResourceID, uses: [(ScheduleOwner, BlockedRange, holdExpiry: Instant?)] = []) {
        self.resourceID = resourceID
        for (owner, range, expiry) in uses { table.insert(range, for: owner, holdExpiry: expiry) }
    }

    /// Reserves `ranges` for `owner` if, at every instant, the other users plus these stay within `capacity` at
    /// `now`; otherwise reserves nothing and returns the refusal (naming one of the users in the way, if any).
    public func reserve(
        _ ranges: [BlockedRange], for owner: ScheduleOwner, capacity: Int, holdExpiry: Instant?, now: Instant
    ) -> ResourceFull? {
        guard let span = ResourceUseTable.span(of: ranges) else { return nil }
        let (others, someone) = table.otherUses(overlapping: span, besides: owner, now: now)
        guard ResourceLoad.fits(ranges, besides: others, capacity: capacity) else {
            return ResourceFull(resourceID: resourceID, someUser: someone)
        }
        for range in ranges { table.insert(range, for: owner, holdExpiry: holdExpiry) }
        return nil
    }

    /// Frees one of `owner`'s entries for each of `ranges`; ranges it does not hold are ignored.
    public func release(_ ranges: [BlockedRange], of owner: ScheduleOwner) {
        for range in ranges { table.remove(range, of: owner) }
    }

    /// Puts back uses the leader already decided (replicas mirroring the log): no capacity check.
    public func restore(_ ranges: [BlockedRange], for owner: ScheduleOwner, holdExpiry: Instant?) {
        for range in ranges { table.insert(range, for: owner, holdExpiry: holdExpiry) }
    }

    /// Hands every use of a live hold to the booking confirming it; false if the hold's uses are gone or it
    /// expired at `now`.
    public func convert(hold: ScheduleOwner, into booking: ScheduleOwner, now: Instant) -> Bool {
        guard let expiry = table.holdExpiries[hold], now < expiry, table.rename(hold, to: booking) else { return false }
        table.holdExpiries[hold] = nil
        return true
    }

    /// Undoes ``convert(hold:into:now:)`` after the booking failed to become durable.
    public func revert(booking: ScheduleOwner, toHold hold: ScheduleOwner, expiry: Instant) {
        if table.rename(booking, to: hold) { table.holdExpiries[hold] = expiry }
    }

    /// The ranges in use that overlap [from, to) at `now` (expired holds left out), unsorted.
    public func uses(from: Instant, to: Instant, now: Instant) -> [BlockedRange] {
        table.uses(overlapping: from, to, now: now)
    }

    /// Every use with its owner, for checks and tests.
    public var entries: [(ScheduleOwner, BlockedRange)] { table.entries }
}

/// The storage of a ``ResourceSchedule``: entries in an interval tree keyed by (start, entry number), the number
/// mapping to the owner, so that one owner may hold equal ranges.
struct ResourceUseTable: Sendable {
    private var tree = IntervalTree()
    private var ownerOfEntry: [UInt64: ScheduleOwner] = [:]
    private var entriesOfOwner: [ScheduleOwner: [IntervalTree.Entry]] = [:]
    /// Expiry of each hold using the resource; an expired hold no longer counts and is dropped when met.
    var holdExpiries: [ScheduleOwner: Instant] = [:]
    private var nextEntry: UInt64 = 1

    /// The uses of owners other than `owner` overlapping `span` at `now`, and one of those owners; drops the
    /// expired holds met on the way.
    mutating func otherUses(overlapping span: BlockedRange, besides owner: ScheduleOwner, now: Instant)
        -> ([BlockedRange], ScheduleOwner?)
    {
        var others: [BlockedRange] = []
        var expired: [IntervalTree.Entry] = []
        var someone: ScheduleOwner?
        tree.forEachOverlap(start: span.start.secondsSinceEpoch, end: span.end.secondsSinceEpoch) { entry in
            guard let other = ownerOfEntry[entry.owner], other != owner else { return true }
            if let expiry = holdExpiries[other], expiry <= now {
                expired.append(entry)
                return true
            }
            someone = someone ?? other
            others.append(Self.range(of: entry))
            return true
        }
        for entry in expired { remove(entry) }
        return (others, someone)
    }

    func uses(overlapping from: Instant, _ to: Instant, now: Instant) -> [BlockedRange] {
        var ranges: [BlockedRange] = []
        tree.forEachOverlap(start: from.secondsSinceEpoch, end: to.secondsSinceEpoch) { entry in
            guard let owner = ownerOfEntry[entry.owner] else { return true }
            if let expiry = holdExpiries[owner], expiry <= now { return true }
            ranges.append(Self.range(of: entry))
            return true
        }
        return ranges
    }

    var entries: [(ScheduleOwner, BlockedRange)] {
        tree.entries.compactMap { entry in ownerOfEntry[entry.owner].map { ($0, Self.range(of: entry)) } }
    }

    mutating func insert(_ range: BlockedRange, for owner: ScheduleOwner, holdExpiry: Instant?) {
        let entry = IntervalTree.Entry(
            start: range.start.secondsSinceEpoch, end: range.end.secondsSinceEpoch, owner: nextEntry)
        nextEntry += 1
        tree.insert(entry)
        ownerOfEntry[entry.owner] = owner
        entriesOfOwner[owner, default: []].append(entry)
        if let holdExpiry { holdExpiries[owner] = holdExpiry }
    }

    mutating func remove(_ range: BlockedRange, of owner: ScheduleOwner) {
        guard let entry = entriesOfOwner[owner]?.first(where: { Self.range(of: $0) == range }) else { return }
        remove(entry)
    }

    private mutating func remove(_ entry: IntervalTree.Entry) {
        guard let owner = ownerOfEntry.removeValue(forKey: entry.owner) else { return }
        _ = tree.remove(start: entry.start, owner: entry.owner)
        entriesOfOwner[owner]?.removeAll { $0.owner == entry.owner }
        if entriesOfOwner[owner]?.isEmpty ?? false {
            entriesOfOwner[owner] = nil
            holdExpiries[owner] = nil
        }
    }

    /// Gives every entry of `old` to `new`; false if `old` has none.
    mutating func rename(_ old: ScheduleOwner, to new: ScheduleOwner) -> Bool {
        guard let entries = entriesOfOwner.removeValue(forKey: old) else { return false }
        for entry in entries { ownerOfEntry[entry.owner] = new }
        entriesOfOwner[new, default: []].append(contentsOf: entries)
        return true
    }

    static func range(of entry: IntervalTree.Entry) -> BlockedRange {
        BlockedRange(start: Instant(secondsSinceEpoch: entry.start), end: Instant(secondsSinceEpoch: entry.end))
    }

    static func span(of ranges: [BlockedRange]) -> BlockedRange? {
        guard let start = ranges.map(\.start).min(), let end = ranges.map(\.end).max() else { return nil }
        return BlockedRange(start: start, end: end)
    }
}

/// A resource refused a reservation: at some instant it would have more users than its capacity.
public struct ResourceFull: Hashable, Sendable {
    /// The resource.
    public var resourceID: ResourceID
    /// One of the bookings or holds using it then, if any (none when its capacity is 0).
    public var someUser: ScheduleOwner?
}
