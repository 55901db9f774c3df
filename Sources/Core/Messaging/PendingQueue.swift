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
