import Core
import Testing
import WAL
import WALTesting

/// A former leader's unacknowledged tail, cut before its log opens (failover: docs/scaling.md).
@Suite("Diverged tail")
struct DivergedTailTests {
    /// The last LSN of every frame of the log, in order.
    static func frameEnds(_ storage: SimulatedStorage) throws -> [UInt64] {
        try WALFixtures.segmentNames(storage).flatMap { name in
            try WALFixtures.frames(of: storage.readFile(WALFixtures.path(name))).map { $0.header.nextLSN - 1 }
        }
    }

    @Test("cut after any frame: the rest is set aside, the log opens ending there with every record before intact")
    func cutsAtFrameBoundaries() async throws {
        var rng = SplitMix64(seed: 77)
        for seed in 0..<10 {
            let (storage, records) = try await WALFixtures.buildLog(seed: 900 + UInt64(seed), batchCount: 40)
            let ends = try Self.frameEnds(storage)
            #expect(ends.last == UInt64(records.count))
            let keep = ends[rng.int(ends.count - 1)]
            let copy = try storage.copy()
            let before = try WALFixtures.segmentNames(copy)
            let cut = try WriteAheadLog.cutDivergedTail(
                directory: WALFixtures.directory, storage: copy, after: keep, belowEpoch: 4)
            #expect(cut.records == UInt64(records.count) - keep, "seed \(seed)")
            #expect(!cut.brokenFiles.isEmpty)
            let names = try copy.listDirectory(WALFixtures.directory)
            #expect(cut.brokenFiles.allSatisfy { names.contains($0) })
            #expect(try WALFixtures.segmentNames(copy).count <= before.count)
            // Again (a crash after the cut, before the node recorded it): nothing left to cut.
            #expect(
                try WriteAheadLog.cutDivergedTail(
                    directory: WALFixtures.directory, storage: copy, after: keep, belowEpoch: 4) == DivergedTailCut())
            let (log, recovery) = try WALFixtures.open(copy)
            #expect(log.durableLSN == keep && recovery.droppedBytes == 0)
            #expect(try WALFixtures.replay(log).map(\.payload) == Array(records.prefix(Int(keep))))
            let next = try await log.append([1, 2, 3])
            #expect(next == keep + 1)
            await log.close()
        }
    }

    @Test("nothing is cut when the log ends at the LSN, or its later frames are at the new epoch already")
    func nothingToCut() async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 31, batchCount: 20)
        let ends = try Self.frameEnds(storage)
        for (after, epoch) in [
            (UInt64(records.count), UInt64(4)), (UInt64(records.count + 5), 4), (ends[3], 3), (ends[3], 1),
        ] {
            let copy = try storage.copy()
            let cut = try WriteAheadLog.cutDivergedTail(
                directory: WALFixtures.directory, storage: copy, after: after, belowEpoch: epoch)
            #expect(cut == DivergedTailCut())
            let (log, _) = try WALFixtures.open(copy)
            #expect(log.durableLSN == UInt64(records.count))
            await log.close()
        }
    }

    @Test("an LSN inside a frame is refused and the log is unchanged")
    func insideAFrame() async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 32, batchCount: 30, recordsMax: 6)
        let ends = try Self.frameEnds(storage)
        let inside = try #require(
            (1..<UInt64(records.count)).first { lsn in !ends.contains(lsn) })
        let copy = try storage.copy()
        #expect(throws: WALError.self) {
            try WriteAheadLog.cutDivergedTail(
                directory: WALFixtures.directory, storage: copy, after: inside, belowEpoch: 4)
        }
        let (log, _) = try WALFixtures.open(copy)
        #expect(log.durableLSN == UInt64(records.count))
        #expect(try WALFixtures.replay(log).map(\.payload) == records)
        await log.close()
    }
}
