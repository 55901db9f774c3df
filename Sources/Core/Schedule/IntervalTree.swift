/// An interval tree of half-open time ranges [start, end), each tagged with its owner, answering
/// "what overlaps this range?" without scanning every entry.
///
/// An AVL tree ordered by (start, owner) whose nodes also carry the largest `end` in their subtree,
/// so queries skip every subtree that ends before the range begins. Nodes live in one contiguous
/// array addressed by `Int32` slots, with removed slots kept on a free list: no allocation per
/// node, and copy-on-write comes from the array. The tree does not forbid overlapping entries;
/// callers decide what counts as a conflict.
public struct IntervalTree: Sendable {
    /// One stored interval.
    public struct Entry: Hashable, Sendable {
        /// First instant covered by the interval.
        public var start: Int64
        /// First instant after the interval; always greater than `start`.
        public var end: Int64
        /// Whoever holds the interval; together with `start` it identifies the entry.
        public var owner: UInt64

        /// Creates an entry covering [start, end) for `owner`.
        public init(start: Int64, end: Int64, owner: UInt64) {
            self.start = start
            self.end = end
            self.owner = owner
        }
    }

    /// One slot of storage; a live node or, with `height == 0`, a link in the free list.
    struct Node: Sendable {
        var start: Int64
        var end: Int64
        /// Largest `end` in the subtree rooted here; lets queries prune whole subtrees.
        var maxEnd: Int64
        var owner: UInt64
        /// Left child, or the next free slot while this slot is free.
        var left: Int32
        var right: Int32
        /// Height of the subtree (a leaf is 1); 0 marks a free slot.
        var height: Int32
    }

    /// The "no node" index, standing in for a nil child so slots stay `Int32`.
    static let none: Int32 = -1

    private(set) var nodes: ContiguousArray<Node> = []
    private(set) var root: Int32 = Self.none
    /// Head of the chain of removed slots, reused before the array grows.
    private(set) var freeHead: Int32 = Self.none
    private(set) var liveCount: Int = 0

    /// Creates an empty tree.
    public init() {}

    /// Number of entries in the tree.
    public var count: Int { liveCount }

    /// Whether the tree holds no entries.
    public var isEmpty: Bool { liveCount == 0 }

    /// Number of storage slots, live or free; lets tests see that freed slots are reused.
    var slotCount: Int { nodes.count }
}

// MARK: - Mutation

extension IntervalTree {
    /// Inserts an entry. Entries are ordered by (start, owner); inserting a second entry with the
    /// same start and owner is a precondition failure. Requires start < end (precondition).
    public mutating func insert(_ entry: Entry) {
        precondition(entry.start < entry.end, "IntervalTree: entry must have start < end")
        let countBefore = liveCount
        root = insert(entry, into: root)
        precondition(liveCount == countBefore + 1, "IntervalTree: insert did not add exactly one node")
    }

    /// Whether an entry with this start and owner is present.
    public func contains(start: Int64, owner: UInt64) -> Bool {
        var index = root
        while index != Self.none {
            let node = nodes[Int(index)]
            if Self.precedes(start, owner, node.start, node.owner) {
                index = node.left
            } else if Self.precedes(node.start, node.owner, start, owner) {
                index = node.right
            } else {
                return true
            }
        }
        return false
    }

    /// Removes the entry with this start and owner and returns it, or nil if there is none.
    @discardableResult
    public mutating func remove(start: Int64, owner: UInt64) -> Entry? {
        let countBefore = liveCount
        var removed: Entry?
        root = remove(start: start, owner: owner, from: root, removed: &removed)
        precondition(
            liveCount == countBefore - (removed == nil ? 0 : 1),
            "IntervalTree: remove changed the count by the wrong amount")
        return removed
    }

    private mutating func insert(_ entry: Entry, into index: Int32) -> Int32 {
        guard index != Self.none else { return allocate(entry) }
        let node = nodes[Int(index)]
        precondition(
            entry.start != node.start || entry.owner != node.owner,
            "IntervalTree: an entry with this start and owner is already present")
        if Self.precedes(entry.start, entry.owner, node.start, node.owner) {
            let child = insert(entry, into: node.left)
            nodes[Int(index)].left = child
        } else {
            let child = insert(entry, into: node.right)
            nodes[Int(index)].right = child
        }
        return rebalance(index)
    }

    private mutating func remove(
        start: Int64, owner: UInt64, from index: Int32, removed: inout Entry?
    ) -> Int32 {
        guard index != Self.none else { return Self.none }
        let node = nodes[Int(index)]
        if Self.precedes(start, owner, node.start, node.owner) {
            let child = remove(start: start, owner: owner, from: node.left, removed: &removed)
            nodes[Int(index)].left = child
        } else if Self.precedes(node.start, node.owner, start, owner) {
            let child = remove(start: start, owner: owner, from: node.right, removed: &removed)
            nodes[Int(index)].right = child
        } else {
            removed = Self.entry(of: node)
            if node.left == Self.none || node.right == Self.none {
                // At most one child: it takes this node's place and the slot is freed.
                release(index)
                return node.left == Self.none ? node.right : node.left
            }
            // Two children: the in-order successor's payload moves into this slot, so parent links stay valid.
            var successor: Entry?
            let child = removeMinimum(from: node.right, minimum: &successor)
            guard let successor else { preconditionFailure("IntervalTree: non-empty right subtree had no minimum") }
            nodes[Int(index)].start = successor.start
            nodes[Int(index)].end = successor.end
            nodes[Int(index)].owner = successor.owner
            nodes[Int(index)].right = child
        }
        return rebalance(index)
    }

    private mutating func removeMinimum(from index: Int32, minimum: inout Entry?) -> Int32 {
        precondition(index != Self.none, "IntervalTree: removeMinimum of an empty subtree")
        let node = nodes[Int(index)]
        guard node.left != Self.none else {
            minimum = Self.entry(of: node)
            release(index)
            return node.right
        }
        let child = removeMinimum(from: node.left, minimum: &minimum)
        nodes[Int(index)].left = child
        return rebalance(index)
    }

    /// Takes a slot from the free list, or grows the array when the list is empty.
    private mutating func allocate(_ entry: Entry) -> Int32 {
        let node = Node(
            start: entry.start, end: entry.end, maxEnd: entry.end, owner: entry.owner,
            left: Self.none, right: Self.none, height: 1)
        liveCount += 1
        guard freeHead == Self.none else {
            let index = freeHead
            precondition(nodes[Int(index)].height == 0, "IntervalTree: free list points at a live node")
            freeHead = nodes[Int(index)].left
            nodes[Int(index)] = node
            return index
        }
        precondition(nodes.count < Int(Int32.max), "IntervalTree: slot index space exhausted")
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    /// Pushes a slot onto the free list; the caller has already unlinked it from the tree.
    private mutating func release(_ index: Int32) {
        precondition(nodes[Int(index)].height > 0, "IntervalTree: releasing a slot that is already free")
        nodes[Int(index)] = Node(
            start: 0, end: 0, maxEnd: 0, owner: 0, left: freeHead, right: Self.none, height: 0)
        freeHead = index
        liveCount -= 1
    }
}

// MARK: - Balancing

extension IntervalTree {
    func height(_ index: Int32) -> Int32 {
        index == Self.none ? 0 : nodes[Int(index)].height
    }

    func maxEnd(_ index: Int32) -> Int64 {
        index == Self.none ? Int64.min : nodes[Int(index)].maxEnd
    }

    /// Recomputes height and maxEnd from the children, which must already be correct.
    private mutating func update(_ index: Int32) {
        let node = nodes[Int(index)]
        nodes[Int(index)].height = 1 + max(height(node.left), height(node.right))
        nodes[Int(index)].maxEnd = max(node.end, maxEnd(node.left), maxEnd(node.right))
    }

    private func balance(_ index: Int32) -> Int32 {
        let node = nodes[Int(index)]
        return height(node.left) - height(node.right)
    }

    /// Restores the AVL property at `index` after one child changed height by at most one, and
    /// returns the subtree's new root.
    private mutating func rebalance(_ index: Int32) -> Int32 {
        update(index)
        let factor = balance(index)
        if factor > 1 {
            let left = nodes[Int(index)].left
            if balance(left) < 0 {
                let rotated = rotateLeft(left)
                nodes[Int(index)].left = rotated
            }
            return rotateRight(index)
        }
        if factor < -1 {
            let right = nodes[Int(index)].right
            if balance(right) > 0 {
                let rotated = rotateRight(right)
                nodes[Int(index)].right = rotated
            }
            return rotateLeft(index)
        }
        return index
    }

    private mutating func rotateRight(_ index: Int32) -> Int32 {
        let pivot = nodes[Int(index)].left
        precondition(pivot != Self.none, "IntervalTree: rotateRight without a left child")
        nodes[Int(index)].left = nodes[Int(pivot)].right
        nodes[Int(pivot)].right = index
        update(index)
        update(pivot)
        return pivot
    }

    private mutating func rotateLeft(_ index: Int32) -> Int32 {
        let pivot = nodes[Int(index)].right
        precondition(pivot != Self.none, "IntervalTree: rotateLeft without a right child")
        nodes[Int(index)].right = nodes[Int(pivot)].left
        nodes[Int(pivot)].left = index
        update(index)
        update(pivot)
        return pivot
    }
}

// MARK: - Queries

extension IntervalTree {
    /// Calls `body` for every entry overlapping [start, end), in ascending (start, owner) order,
    /// until body returns false. Touching intervals (a.end == b.start) do not overlap; an empty
    /// range (start == end) overlaps nothing. Requires start <= end (precondition).
    public func forEachOverlap(start: Int64, end: Int64, _ body: (Entry) -> Bool) {
        precondition(start <= end, "IntervalTree: query range must have start <= end")
        guard start < end else { return }
        _ = visitOverlaps(root, start: start, end: end, body)
    }

    /// The first overlapping entry (in the order above) for which `isConflict` is true, or nil.
    public func firstOverlap(start: Int64, end: Int64, where isConflict: (Entry) -> Bool) -> Entry? {
        var found: Entry?
        forEachOverlap(start: start, end: end) { entry in
            guard isConflict(entry) else { return true }
            found = entry
            return false
        }
        return found
    }

    /// The first overlapping entry, or nil.
    public func firstOverlap(start: Int64, end: Int64) -> Entry? {
        firstOverlap(start: start, end: end) { _ in true }
    }

    /// All entries in ascending (start, owner) order.
    public var entries: [Entry] {
        var result: [Entry] = []
        result.reserveCapacity(liveCount)
        appendInOrder(root, to: &result)
        precondition(result.count == liveCount, "IntervalTree: traversal count differs from count")
        return result
    }

    /// In-order walk that returns false once `body` asks to stop. A subtree is skipped when its
    /// maxEnd is at or before `start` (nothing in it reaches the range); the right side of a node
    /// is skipped once the node starts at or after `end`, since everything there starts later still.
    private func visitOverlaps(
        _ index: Int32, start: Int64, end: Int64, _ body: (Entry) -> Bool
    ) -> Bool {
        guard index != Self.none else { return true }
        let node = nodes[Int(index)]
        guard node.maxEnd > start else { return true }
        guard visitOverlaps(node.left, start: start, end: end, body) else { return false }
        guard node.start < end else { return true }
        if node.end > start {
            guard body(Self.entry(of: node)) else { return false }
        }
        return visitOverlaps(node.right, start: start, end: end, body)
    }

    private func appendInOrder(_ index: Int32, to result: inout [Entry]) {
        guard index != Self.none else { return }
        let node = nodes[Int(index)]
        appendInOrder(node.left, to: &result)
        result.append(Self.entry(of: node))
        appendInOrder(node.right, to: &result)
    }

    private static func entry(of node: Node) -> Entry {
        Entry(start: node.start, end: node.end, owner: node.owner)
    }

    /// The tree's order: by start, then owner, so equal starts still have a total order.
    static func precedes(_ start: Int64, _ owner: UInt64, _ otherStart: Int64, _ otherOwner: UInt64) -> Bool {
        start < otherStart || (start == otherStart && owner < otherOwner)
    }
}
