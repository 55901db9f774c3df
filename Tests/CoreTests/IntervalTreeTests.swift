import Testing

@testable import Core

private typealias Entry = IntervalTree.Entry

private func entry(_ start: Int64, _ end: Int64, owner: UInt64 = 0) -> Entry {
    Entry(start: start, end: end, owner: owner)
}

private func tree(_ entries: [Entry]) -> IntervalTree {
    var tree = IntervalTree()
    for entry in entries {
        tree.insert(entry)
    }
    tree.checkInvariants()
    return tree
}

private func startOwnerOrder(_ lhs: Entry, _ rhs: Entry) -> Bool {
    (lhs.start, lhs.owner) < (rhs.start, rhs.owner)
}

private func overlaps(_ tree: IntervalTree, _ start: Int64, _ end: Int64) -> [Entry] {
    var found: [Entry] = []
    tree.forEachOverlap(start: start, end: end) { entry in
        found.append(entry)
        return true
    }
    return found
}

@Suite("IntervalTree")
struct IntervalTreeTests {
    @Test func emptyTree() {
        var empty = IntervalTree()
        empty.checkInvariants()
        #expect(empty.isEmpty)
        #expect(empty.count == 0)
        #expect(empty.entries.isEmpty)
        #expect(empty.firstOverlap(start: Int64.min, end: Int64.max) == nil)
        #expect(overlaps(empty, 0, 100).isEmpty)
        #expect(empty.remove(start: 0, owner: 0) == nil)
        empty.checkInvariants()
    }

    @Test func singleInsertAndRemove() {
        var single = IntervalTree()
        single.insert(entry(10, 20, owner: 7))
        single.checkInvariants()
        #expect(single.count == 1)
        #expect(!single.isEmpty)
        #expect(single.entries == [entry(10, 20, owner: 7)])
        #expect(single.firstOverlap(start: 15, end: 16) == entry(10, 20, owner: 7))

        #expect(single.remove(start: 10, owner: 7) == entry(10, 20, owner: 7))
        single.checkInvariants()
        #expect(single.isEmpty)
        #expect(single.firstOverlap(start: 15, end: 16) == nil)
        #expect(single.remove(start: 10, owner: 7) == nil)
    }

    @Test func touchingIntervalsDoNotOverlap() {
        let booked = tree([entry(10, 20)])
        #expect(booked.firstOverlap(start: 0, end: 10) == nil)
        #expect(booked.firstOverlap(start: 20, end: 30) == nil)
        #expect(booked.firstOverlap(start: 9, end: 11) == entry(10, 20))
        #expect(booked.firstOverlap(start: 19, end: 21) == entry(10, 20))

        let backToBack = tree([entry(0, 10, owner: 1), entry(10, 20, owner: 2), entry(20, 30, owner: 3)])
        #expect(overlaps(backToBack, 10, 20) == [entry(10, 20, owner: 2)])
    }

    @Test(
        "Overlap shapes against [10, 20)",
        arguments: [
            (Int64(12), Int64(15)),  // contained
            (5, 25),  // containing
            (5, 11),  // partial on the left
            (19, 25),  // partial on the right
            (10, 20),  // identical
            (10, 11),  // same start
            (19, 20),  // same end
        ])
    func overlapShapes(start: Int64, end: Int64) {
        let booked = tree([entry(10, 20)])
        #expect(booked.firstOverlap(start: start, end: end) == entry(10, 20))
        #expect(overlaps(booked, start, end) == [entry(10, 20)])
    }

    @Test func emptyQueryRangeOverlapsNothing() {
        let booked = tree([entry(10, 20)])
        for point: Int64 in [9, 10, 15, 20, 21] {
            #expect(booked.firstOverlap(start: point, end: point) == nil, "point \(point)")
        }
    }

    @Test func sameStartDifferentOwners() {
        var shared = tree([entry(10, 20, owner: 3), entry(10, 15, owner: 1), entry(10, 30, owner: 2)])
        let expected = [entry(10, 15, owner: 1), entry(10, 30, owner: 2), entry(10, 20, owner: 3)]
        #expect(shared.entries == expected)
        #expect(overlaps(shared, 16, 17) == [entry(10, 30, owner: 2), entry(10, 20, owner: 3)])

        #expect(shared.remove(start: 10, owner: 2) == entry(10, 30, owner: 2))
        shared.checkInvariants()
        #expect(shared.entries == [entry(10, 15, owner: 1), entry(10, 20, owner: 3)])
        #expect(overlaps(shared, 20, 30).isEmpty)
    }

    @Test func removingMissingEntryReturnsNil() {
        var booked = tree([entry(10, 20, owner: 1), entry(30, 40, owner: 2)])
        #expect(booked.remove(start: 10, owner: 2) == nil)  // right start, wrong owner
        #expect(booked.remove(start: 11, owner: 1) == nil)  // right owner, wrong start
        #expect(booked.remove(start: 15, owner: 1) == nil)  // inside an interval is not its key
        booked.checkInvariants()
        #expect(booked.count == 2)
    }

    @Test func forEachOverlapVisitsInStartOwnerOrder() {
        // Inserted scrambled so the order cannot come from insertion order.
        var scrambled: [Entry] = []
        for step in 0..<200 {
            let start = Int64((step * 37) % 200)
            scrambled.append(entry(start, start + 50, owner: UInt64((step * 13) % 5)))
        }
        let booked = tree(scrambled)
        let expected = scrambled.filter { $0.start < 120 && $0.end > 100 }.sorted(by: startOwnerOrder)
        #expect(overlaps(booked, 100, 120) == expected)
        #expect(booked.entries == scrambled.sorted(by: startOwnerOrder))
    }

    @Test func earlyStopEndsTheWalk() {
        let booked = tree((0..<20).map { entry(Int64($0), 100, owner: UInt64($0)) })
        var calls = 0
        booked.forEachOverlap(start: 50, end: 60) { _ in
            calls += 1
            return calls < 3
        }
        #expect(calls == 3)
    }

    @Test func firstOverlapWhereSkipsNonConflicts() {
        let booked = tree([entry(0, 10, owner: 1), entry(5, 15, owner: 2), entry(8, 30, owner: 3)])
        #expect(booked.firstOverlap(start: 9, end: 12) == entry(0, 10, owner: 1))
        #expect(booked.firstOverlap(start: 9, end: 12) { $0.owner != 1 } == entry(5, 15, owner: 2))
        #expect(booked.firstOverlap(start: 9, end: 12) { $0.owner == 3 } == entry(8, 30, owner: 3))
        #expect(booked.firstOverlap(start: 9, end: 12) { $0.owner == 4 } == nil)
    }

    @Test func sequentialInsertsStayBalanced() {
        var ascending = IntervalTree()
        var descending = IntervalTree()
        for step in Int64(0)..<4096 {
            ascending.insert(entry(step * 10, step * 10 + 10))
            descending.insert(entry(-step * 10, -step * 10 + 10))
        }
        ascending.checkInvariants()
        descending.checkInvariants()
        #expect(ascending.firstOverlap(start: 40_955, end: 40_956) == entry(40_950, 40_960))
        #expect(descending.count == 4096)
    }

    @Test func copiesAreIndependent() {
        var original = tree([entry(0, 10, owner: 1), entry(20, 30, owner: 2)])
        let copy = original
        original.remove(start: 0, owner: 1)
        original.insert(entry(5, 6, owner: 9))
        #expect(copy.entries == [entry(0, 10, owner: 1), entry(20, 30, owner: 2)])
        #expect(original.entries == [entry(5, 6, owner: 9), entry(20, 30, owner: 2)])
        copy.checkInvariants()
        original.checkInvariants()
    }

    @Test func nodeFitsInFortyEightBytes() {
        #expect(MemoryLayout<IntervalTree.Node>.stride <= 48)
    }

    @Test func duplicateInsertTraps() async {
        await #expect(processExitsWith: .failure) {
            var booked = IntervalTree()
            booked.insert(Entry(start: 10, end: 20, owner: 1))
            booked.insert(Entry(start: 10, end: 30, owner: 1))
        }
    }

    @Test func invertedQueryTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = IntervalTree().firstOverlap(start: 20, end: 10)
        }
    }

    @Test func emptyEntryTraps() async {
        await #expect(processExitsWith: .failure) {
            var booked = IntervalTree()
            booked.insert(Entry(start: 10, end: 10, owner: 1))
        }
    }
}

// MARK: - Randomized against a naive model

/// Shape of the random workload: narrow spans and few owners give heavy overlap and many equal starts.
private struct Workload: CustomStringConvertible {
    var name: String
    var startSpan: Int64
    var lengthMax: Int64
    var ownerCount: Int
    var operationCount: Int

    var description: String { name }

    static let all: [Workload] = [
        Workload(name: "sparse", startSpan: 100_000, lengthMax: 500, ownerCount: 1_000, operationCount: 4_000),
        Workload(name: "mixed", startSpan: 2_000, lengthMax: 200, ownerCount: 16, operationCount: 4_000),
        Workload(name: "crowded", startSpan: 40, lengthMax: 400, ownerCount: 64, operationCount: 3_000),
        Workload(name: "equal starts", startSpan: 4, lengthMax: 30, ownerCount: 400, operationCount: 3_000),
    ]
}

/// One randomized run: applies each operation to the tree and to a plain array, and compares.
private struct RandomizedRun {
    let seed: UInt64
    let workload: Workload
    var rng: SplitMix64
    var tree = IntervalTree()
    var model: [Entry] = []
    var operation = 0

    init(seed: UInt64, workload: Workload) {
        self.seed = seed
        self.workload = workload
        self.rng = SplitMix64(seed: seed)
    }

    var context: Comment { "seed \(seed) workload \(workload) operation \(operation)" }

    mutating func run() throws {
        let checkEvery = 64
        for index in 0..<workload.operationCount {
            operation = index
            // Grow for the first half, then shrink, so both insert and remove rebalancing get exercised.
            let growing = index < workload.operationCount / 2
            let roll = rng.below(100)
            if roll < (growing ? 45 : 20) {
                try insertRandom()
            } else if roll < 65 {
                try removeExisting()
            } else if roll < 72 {
                try removeRandomKey()
            } else {
                try queryRandom()
            }
            if index % checkEvery == 0 {
                try compareWhole()
            }
        }
        try compareWhole()
    }

    private mutating func randomKey() -> (start: Int64, owner: UInt64) {
        let start = rng.int64(in: -workload.startSpan / 4..<workload.startSpan)
        return (start, UInt64(rng.below(workload.ownerCount)))
    }

    mutating func insertRandom() throws {
        let key = randomKey()
        let new = Entry(
            start: key.start, end: key.start + 1 + Int64(rng.below(Int(workload.lengthMax))), owner: key.owner)
        if model.contains(where: { $0.start == new.start && $0.owner == new.owner }) {
            // The key is taken; removing it instead still exercises the tree.
            return try remove(start: new.start, owner: new.owner)
        }
        tree.insert(new)
        model.append(new)
        try #require(tree.count == model.count, context)
    }

    mutating func removeExisting() throws {
        guard !model.isEmpty else { return try removeRandomKey() }
        let victim = model[rng.below(model.count)]
        try remove(start: victim.start, owner: victim.owner)
    }

    mutating func removeRandomKey() throws {
        let key = randomKey()
        try remove(start: key.start, owner: key.owner)
    }

    mutating func remove(start: Int64, owner: UInt64) throws {
        let position = model.firstIndex { $0.start == start && $0.owner == owner }
        let expected = position.map { model.remove(at: $0) }
        let removed = tree.remove(start: start, owner: owner)
        try #require(removed == expected, context)
        try #require(tree.count == model.count, context)
    }

    /// Random ranges, zero-width ones, and ranges touching or matching a stored entry's edges.
    mutating func randomRange() -> (start: Int64, end: Int64) {
        let width = rng.below(4) == 0 ? 0 : Int64(rng.below(Int(workload.lengthMax) * 2))
        guard !model.isEmpty, rng.below(2) == 0 else {
            let start = rng.int64(in: -workload.startSpan / 2..<workload.startSpan + workload.lengthMax)
            return (start, start + width)
        }
        let anchor = model[rng.below(model.count)]
        switch rng.below(4) {
        case 0: return (anchor.end, anchor.end + width)  // starts where the anchor ends
        case 1: return (anchor.start - width, anchor.start)  // ends where the anchor starts
        case 2: return (anchor.start, anchor.end)
        default: return (anchor.end - 1, anchor.end + width)  // catches the anchor's last instant
        }
    }

    mutating func queryRandom() throws {
        let range = randomRange()
        let expected = model.filter { $0.start < range.end && $0.end > range.start && range.start < range.end }
            .sorted(by: startOwnerOrder)
        let limit = 1 + rng.below(4)
        var visited: [Entry] = []
        var stopped: [Entry] = []
        tree.forEachOverlap(start: range.start, end: range.end) {
            visited.append($0)
            return true
        }
        tree.forEachOverlap(start: range.start, end: range.end) {
            stopped.append($0)
            return stopped.count < limit
        }
        let message: Comment = "\(context) range [\(range.start), \(range.end))"
        try #require(visited == expected, message)
        try #require(stopped == Array(expected.prefix(limit)), message)
        try #require(tree.firstOverlap(start: range.start, end: range.end) == expected.first, message)
        let owner = UInt64(rng.below(workload.ownerCount))
        let conflict = tree.firstOverlap(start: range.start, end: range.end) { $0.owner >= owner }
        try #require(conflict == expected.first { $0.owner >= owner }, message)
    }

    func compareWhole() throws {
        let violation = tree.invariantViolation()
        try #require(violation == nil, "\(context): \(violation ?? "")")
        tree.checkInvariants()
        try #require(tree.entries == model.sorted(by: startOwnerOrder), context)
        try #require(tree.count == model.count, context)
        try #require(tree.isEmpty == model.isEmpty, context)
    }
}

@Suite("IntervalTree randomized")
struct IntervalTreeRandomizedTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 0xDEAD_BEEF, 0x1234_5678_9ABC_DEF0]

    @Test("Matches a naive model", arguments: seeds, Workload.all)
    fileprivate func matchesNaiveModel(seed: UInt64, workload: Workload) throws {
        var run = RandomizedRun(seed: seed, workload: workload)
        try run.run()
    }

    @Test("Removing everything frees slots that later inserts reuse", arguments: seeds)
    func removeAllThenReuseSlots(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var tree = IntervalTree()
        var inserted: [Entry] = []
        for owner in UInt64(0)..<600 {
            let start = Int64(rng.below(300))
            let new = Entry(start: start, end: start + 1 + Int64(rng.below(100)), owner: owner)
            tree.insert(new)
            inserted.append(new)
        }
        try #require(tree.slotCount == 600, "seed \(seed)")

        // Fisher-Yates with our own generator so the removal order depends only on the seed.
        for index in stride(from: inserted.count - 1, to: 0, by: -1) {
            inserted.swapAt(index, rng.below(index + 1))
        }
        for (index, victim) in inserted.enumerated() {
            let removed = tree.remove(start: victim.start, owner: victim.owner)
            try #require(removed == victim, "seed \(seed) removal \(index)")
            let violation = tree.invariantViolation()
            try #require(violation == nil, "seed \(seed) removal \(index): \(violation ?? "")")
            try #require(tree.count == inserted.count - index - 1, "seed \(seed) removal \(index)")
        }
        try #require(tree.isEmpty && tree.entries.isEmpty, "seed \(seed)")
        try #require(tree.firstOverlap(start: Int64.min, end: Int64.max) == nil, "seed \(seed)")

        // Refilling must take every freed slot before the storage grows again.
        for new in inserted.reversed() {
            tree.insert(new)
        }
        tree.checkInvariants()
        try #require(tree.slotCount == 600, "seed \(seed)")
        tree.insert(Entry(start: -1, end: 0, owner: 0))
        try #require(tree.slotCount == 601, "seed \(seed)")
        let expected = ([Entry(start: -1, end: 0, owner: 0)] + inserted).sorted(by: startOwnerOrder)
        try #require(tree.entries == expected, "seed \(seed)")
    }
}
