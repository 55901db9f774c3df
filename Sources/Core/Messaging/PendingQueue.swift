/// One merchant's pending notifications, ordered by when they are due (then by id): the sender takes from the
/// front. A sorted array: inserts are a binary search and a move, which stays cheap for the few thousand pending
/// notifications a salon has.
struct PendingQueue: Hashable, Sendable {
    struct Entry: Hashable, Sendable, Comparable {
        var dueAt: Instant
        var id: NotificationID

        static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.dueAt, lhs.id) < (rhs.dueAt, rhs.id) }
    }

    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    mutating func insert(_ entry: Entry) {
        let index = position(of: entry)
        precondition(index == entries.count || entries[index] != entry, "notification queued twice")
        entries.insert(entry, at: index)
    }

    mutating func remove(_ entry: Entry) {
        let index = position(of: entry)
        precondition(index < entries.count && entries[index] == entry, "notification not queued")
        entries.remove(at: index)
    }

    /// The first `limit` entries due at or before `now`.
    func due(at now: Instant, limit: Int) -> ArraySlice<Entry> {
        var end = 0
        while end < entries.count, end < limit, entries[end].dueAt <= now { end += 1 }
        return entries[..<end]
    }

    private func position(of entry: Entry) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] < entry { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Items kept for a while after an instant, forgotten in the order they were added: the log-replayable way to keep
/// memory bounded (forgetting depends only on the times inside events, never on a clock).
struct RetentionQueue<Item: Hashable & Sendable>: Hashable, Sendable {
    private var items: [(at: Instant, item: Item)] = []
    private var head = 0

    var count: Int { items.count - head }

    /// The items still kept, oldest first.
    var kept: some Sequence<(at: Instant, item: Item)> { items[head...] }

    mutating func append(_ item: Item, at: Instant) { items.append((at, item)) }

    /// Removes and returns the items added before `cutoff` (in order), stopping at the first that `keep` holds on.
    mutating func forget(before cutoff: Instant, keep: (Item) -> Bool = { _ in false }) -> [Item] {
        var forgotten: [Item] = []
        while head < items.count, items[head].at < cutoff, !keep(items[head].item) {
            forgotten.append(items[head].item)
            head += 1
        }
        if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return forgotten
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && zip(lhs.kept, rhs.kept).allSatisfy { $0.at == $1.at && $0.item == $1.item }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for entry in kept {
            hasher.combine(entry.at)
            hasher.combine(entry.item)
        }
    }
}
