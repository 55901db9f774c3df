import Benchmark
import Core

/// One staff member's calendar as an interval tree, half full: `size` one-hour entries on distinct hour slots out of
/// `2 × size` (none overlapping, as the schedule keeps them), shuffled with a fixed seed. The other slots feed the
/// insert benchmark; queries are one-hour windows at random 15-minute starts across the whole range, so about half
/// of them find an overlap.
final class TreeFixture {
    /// Tree sizes the benchmarks run at.
    static let sizes = [0, 1_000, 100_000]
    /// Entries inserted (and queries made) per iteration: the benchmarks' scaling factor.
    static let batchCount = 1_000
    static let slotSeconds: Int64 = 3_600
    static let gridSeconds: Int64 = 900

    private(set) var tree = IntervalTree()
    /// Hour slots not in the tree, in random order; inserts take `batchCount` of them at a time, round robin.
    private let freeSlots: [Int64]
    private let queryStarts: [Int64]
    private var nextBatch = 0

    init(size: Int, seed: UInt64) {
        precondition(size >= 0, "negative tree size")
        var random = SplitMix64(seed: seed)
        let slotCount = max(2 * size, 4 * Self.batchCount)
        var slots = Array(0..<Int64(slotCount))
        slots.shuffle(using: &random)
        for (owner, slot) in slots.prefix(size).enumerated() {
            tree.insert(Self.entry(slot: slot, owner: UInt64(owner)))
        }
        freeSlots = Array(slots.dropFirst(size))
        let gridMax = Int64(slotCount) * (Self.slotSeconds / Self.gridSeconds)
        queryStarts = (0..<(16 * Self.batchCount)).map { _ in
            Int64.random(in: 0..<gridMax, using: &random) * Self.gridSeconds
        }
        precondition(tree.count == size && freeSlots.count >= Self.batchCount, "tree fixture built wrong")
    }

    /// Times `batchCount` inserts, then removes them untimed so the tree returns to its size.
    func measureInsertBatch(_ benchmark: Benchmark) {
        let sizeBefore = tree.count
        let first = nextBatch * Self.batchCount
        let batch = freeSlots[first..<(first + Self.batchCount)]
        nextBatch = (nextBatch + 1) % (freeSlots.count / Self.batchCount)
        benchmark.startMeasurement()
        for slot in batch {
            tree.insert(Self.entry(slot: slot, owner: UInt64(1 << 40) + UInt64(slot)))
        }
        benchmark.stopMeasurement()
        for slot in batch {
            tree.remove(start: slot * Self.slotSeconds, owner: UInt64(1 << 40) + UInt64(slot))
        }
        precondition(tree.count == sizeBefore, "insert batch not undone")
    }

    /// `batchCount` conflict checks (`firstOverlap`); returns how many found an entry.
    func queryBatch() -> Int {
        let first = nextBatch * Self.batchCount
        nextBatch = (nextBatch + 1) % (queryStarts.count / Self.batchCount)
        var hits = 0
        for start in queryStarts[first..<(first + Self.batchCount)]
        where tree.firstOverlap(start: start, end: start + Self.slotSeconds) != nil {
            hits += 1
        }
        return hits
    }

    private static func entry(slot: Int64, owner: UInt64) -> IntervalTree.Entry {
        IntervalTree.Entry(start: slot * slotSeconds, end: (slot + 1) * slotSeconds, owner: owner)
    }
}
