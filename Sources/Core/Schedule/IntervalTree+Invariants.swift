/// The interval tree's self-check: every structural invariant, for tests and debugging.
extension IntervalTree {
    /// Checks every structural invariant (BST order, AVL balance, heights, maxEnd augmentation,
    /// count, free list consistency) with `precondition`; for tests and debug.
    public func checkInvariants() {
        if let violation = invariantViolation() {
            preconditionFailure("IntervalTree invariant violated: \(violation)")
        }
    }

    /// Describes the first broken invariant, or returns nil when the tree is consistent; lets tests
    /// report the failure with their seed instead of trapping.
    func invariantViolation() -> String? {
        var reached = [Bool](repeating: false, count: nodes.count)
        do {
            let reachable = try checkSubtree(root, after: nil, before: nil, reached: &reached)
            guard reachable == liveCount else {
                return "count is \(liveCount) but \(reachable) nodes are reachable from the root"
            }
            let free = try checkFreeList(reached: &reached)
            guard liveCount + free == nodes.count else {
                return "\(liveCount) live + \(free) free slots != \(nodes.count) slots"
            }
        } catch {
            return error.message
        }
        return nil
    }

    private struct Violation: Error {
        var message: String
    }

    private typealias Key = (start: Int64, owner: UInt64)

    /// Validates the subtree at `index` with keys strictly between `after` and `before`, and
    /// returns its node count.
    private func checkSubtree(
        _ index: Int32, after: Key?, before: Key?, reached: inout [Bool]
    ) throws(Violation) -> Int {
        guard index != Self.none else { return 0 }
        guard index >= 0 && Int(index) < nodes.count else { throw Violation(message: "index \(index) out of range") }
        guard !reached[Int(index)] else { throw Violation(message: "node \(index) reachable twice") }
        reached[Int(index)] = true
        let node = nodes[Int(index)]
        let here = "node \(index) [\(node.start), \(node.end)) owner \(node.owner)"
        guard node.height > 0 else { throw Violation(message: "\(here) is a free slot inside the tree") }
        guard node.start < node.end else { throw Violation(message: "\(here) is empty or inverted") }
        if let after, !Self.precedes(after.start, after.owner, node.start, node.owner) {
            throw Violation(message: "\(here) is not after its left bound")
        }
        if let before, !Self.precedes(node.start, node.owner, before.start, before.owner) {
            throw Violation(message: "\(here) is not before its right bound")
        }
        let key: Key = (node.start, node.owner)
        let leftCount = try checkSubtree(node.left, after: after, before: key, reached: &reached)
        let rightCount = try checkSubtree(node.right, after: key, before: before, reached: &reached)
        let leftHeight = height(node.left)
        let rightHeight = height(node.right)
        guard node.height == 1 + max(leftHeight, rightHeight) else {
            throw Violation(message: "\(here) has height \(node.height), children \(leftHeight) and \(rightHeight)")
        }
        guard abs(leftHeight - rightHeight) <= 1 else {
            throw Violation(message: "\(here) is unbalanced: \(leftHeight) vs \(rightHeight)")
        }
        let expectedMaxEnd = max(node.end, maxEnd(node.left), maxEnd(node.right))
        guard node.maxEnd == expectedMaxEnd else {
            throw Violation(message: "\(here) has maxEnd \(node.maxEnd), expected \(expectedMaxEnd)")
        }
        return 1 + leftCount + rightCount
    }

    /// Walks the free list, checking each slot is free, in range and listed once; returns its length.
    private func checkFreeList(reached: inout [Bool]) throws(Violation) -> Int {
        var length = 0
        var index = freeHead
        while index != Self.none {
            guard index >= 0 && Int(index) < nodes.count else {
                throw Violation(message: "free list index \(index) out of range")
            }
            guard !reached[Int(index)] else {
                throw Violation(message: "free slot \(index) is also in the tree or listed twice")
            }
            reached[Int(index)] = true
            guard nodes[Int(index)].height == 0 else {
                throw Violation(message: "free slot \(index) is marked live")
            }
            length += 1
            index = nodes[Int(index)].left
        }
        return length
    }
}
