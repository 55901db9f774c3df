import Core
import Testing
import WAL
import WALTesting

/// Retention: `prune(through:archiveDirectory:)` and reopening a log that starts after LSN 1.
@Suite("Pruning and archiving")
struct PruneTests {
    /// The segments (name, first LSN) of a simulated log directory, in order.
    static func segments(_ storage: any WALStorage, _ directory: String = WALFixtures.directory) throws
        -> [(name: String, firstLSN: UInt64)]
    {
        try WALFixtures.segmentNames(storage, directory: directory).compactMap { name in
            SegmentName.firstLSN(of: name).map { (name, $0) }
        }
    }

    @Test("prune deletes exactly the segments a snapshot covers; reopening after the snapshot replays the rest")
    func pruneDelete() async throws {
        for seed in 820..<826 as Range<UInt64> {
            var rng = SplitMix64(seed: seed)
            let (storage, records) = try await WALFixtures.buildLog(seed: seed, batchCount: 60)
            let before = try Self.segments(storage)
            let lsn = UInt64(1 + rng.int(records.count))
            let expected = zip(before, before.dropFirst()).prefix { $1.firstLSN - 1 <= lsn }.map(\.0.name)
            let (log, _) = try WALFixtures.open(storage)
            let report = try log.prune(through: lsn, archiveDirectory: nil)
            #expect(report.segments == expected, "seed \(seed)")
            let after = try Self.segments(storage)
            #expect(after.map(\.name) == Array(before.map(\.name).dropFirst(expected.count)), "seed \(seed)")
            #expect(log.firstLSN == after[0].firstLSN && report.firstLSN == after[0].firstLSN, "seed \(seed)")
            #expect(after[0].firstLSN <= lsn + 1, "seed \(seed)")
            if !expected.isEmpty {
                let error = #expect(throws: WALError.self) { try log.records(from: 1) }
                #expect(error?.code == .lsnNotRetained, "seed \(seed)")
            }
            #expect(try WALFixtures.replay(log, from: lsn + 1).map(\.payload) == Array(records[Int(lsn)...]))
            await log.close()
            var options = WALFixtures.options()
            options.snapshotLSN = lsn
            let (reopened, recovery) = try WALFixtures.open(storage, options: options)
            #expect(recovery.firstLSN == after[0].firstLSN && recovery.lastLSN == UInt64(records.count))
            #expect(try WALFixtures.replay(reopened, from: lsn + 1).map(\.payload) == Array(records[Int(lsn)...]))
            await reopened.close()
            if after[0].firstLSN >= 2 {
                options.snapshotLSN = after[0].firstLSN - 2
                let gap = #expect(throws: WALError.self) { try WALFixtures.open(storage, options: options) }
                #expect(gap?.code == .corruption && gap?.lsn == after[0].firstLSN - 1, "seed \(seed)")
            }
        }
    }

    @Test("the segment being written is never pruned, even while appends and prunes run together")
    func activeSegmentKept() async throws {
        let storage = SimulatedStorage(seed: 830, syncLatencyMicroseconds: 50)
        let (log, _) = try WALFixtures.open(storage)
        let writers = 8
        let perWriter = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        _ = try await log.append([UInt8(writer), UInt8(index)] + Array(repeating: 7, count: 60))
                    }
                }
            }
            group.addTask {
                for _ in 0..<30 {
                    let report = try log.prune(through: .max, archiveDirectory: nil)
                    #expect(try Self.segments(storage).count >= 1)
                    #expect(report.firstLSN <= log.firstLSN)
                    try await Task.sleep(for: .milliseconds(1))
                }
            }
            try await group.waitForAll()
        }
        let total = UInt64(writers * perWriter)
        #expect(log.durableLSN == total)
        _ = try log.prune(through: .max, archiveDirectory: nil)
        let left = try Self.segments(storage)
        #expect(left.count == 1 && left[0].firstLSN == log.firstLSN && log.firstLSN > 1)
        #expect(try await log.append([1]) == total + 1)
        await log.close()
        var options = WALFixtures.options()
        options.snapshotLSN = left[0].firstLSN - 1
        let (reopened, recovery) = try WALFixtures.open(storage, options: options)
        #expect(recovery.lastLSN == total + 1 && recovery.firstLSN == left[0].firstLSN)
        #expect(try WALFixtures.replay(reopened, from: left[0].firstLSN).count == Int(total + 2 - left[0].firstLSN))
        await reopened.close()
    }

    @Test("prune moves segments into an archive on real files; the archive and the log together are the whole log")
    func archiveOnRealFiles() async throws {
        let root = WALFixtures.makeTemporaryDirectory()
        defer {
            for directory in ["wal", "archive", "merged"] { WALFixtures.removeDirectory(root + "/" + directory) }
            WALFixtures.removeDirectory(root)
        }
        let storage = PosixStorage()
        var rng = SplitMix64(seed: 840)
        let (log, _) = try WALFixtures.open(storage, directory: root + "/wal")
        var records: [[UInt8]] = []
        for _ in 0..<120 {
            let record = WALFixtures.payload(id: records.count, length: rng.int(80), rng: &rng)
            records.append(record)
            _ = try await log.append(record)
        }
        let before = try Self.segments(storage, root + "/wal")
        let originals = try before.map { try storage.readFile(root + "/wal/" + $0.name) }
        let lsn = UInt64(records.count / 2)
        let report = try log.prune(through: lsn, archiveDirectory: root + "/archive")
        #expect(!report.segments.isEmpty && report.archiveDirectory == root + "/archive")
        let archived = try Self.segments(storage, root + "/archive")
        #expect(archived.map(\.name) == report.segments)
        for (index, segment) in archived.enumerated() {
            #expect(try storage.readFile(root + "/archive/" + segment.name) == originals[index])
        }
        #expect(
            try Self.segments(storage, root + "/wal").map(\.name) == Array(before.map(\.name).dropFirst(archived.count))
        )
        await log.close()
        try storage.createDirectory(root + "/merged")
        for directory in ["wal", "archive"] {
            for segment in try Self.segments(storage, root + "/" + directory) {
                let file = try storage.openFile(root + "/merged/" + segment.name, create: true)
                let bytes = try storage.readFile(root + "/" + directory + "/" + segment.name)
                _ = try bytes.withUnsafeBytes { try storage.append(file, $0) }
                storage.close(file)
            }
        }
        let (merged, recovery) = try WALFixtures.open(storage, directory: root + "/merged")
        #expect(recovery.firstLSN == 1 && recovery.lastLSN == UInt64(records.count))
        #expect(try WALFixtures.replay(merged).map(\.payload) == records)
        await merged.close()
    }

    @Test("an archive the log's segments cannot be renamed into is filled by copies, then the log's are removed")
    func archiveByCopy() async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 850, batchCount: 50)
        let before = try Self.segments(storage)
        let originals = before.map { storage.contents(of: WALFixtures.path($0.name))! }
        let (log, _) = try WALFixtures.open(storage)
        // The simulated disk refuses renames across directories (EXDEV), as across file systems.
        let report = try log.prune(through: UInt64(records.count), archiveDirectory: "/archive")
        #expect(report.segments == before.dropLast().map(\.name))
        #expect(try storage.listDirectory("/archive").sorted() == report.segments)
        for (index, name) in report.segments.enumerated() {
            #expect(storage.contents(of: "/archive/" + name) == originals[index])
        }
        #expect(try Self.segments(storage).map(\.name) == [before.last!.name])
        await log.close()
    }

    @Test("repair leaves a pruned log alone and reports what it keeps")
    func repairPruned() async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 860, batchCount: 50)
        let (log, _) = try WALFixtures.open(storage)
        let report = try log.prune(through: UInt64(records.count / 2), archiveDirectory: nil)
        #expect(!report.segments.isEmpty)
        await log.close()
        let repair = try WriteAheadLog.repair(directory: WALFixtures.directory, storage: storage)
        #expect(!repair.repaired && repair.lastLSNKept == UInt64(records.count))
    }
}
