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
