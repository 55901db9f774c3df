import Core
import Testing
import WAL
import WALTesting

@Suite("Write-ahead log round trips")
struct WALRoundTripTests {
    /// Appends batches across many segment rolls on real files with real `fdatasync`, reopens, and replays.
    @Test("append, reopen and replay on real files", arguments: [false, true], [301, 302] as [UInt64])
    func posixRoundTrip(compression: Bool, seed: UInt64) async throws {
        let directory = WALFixtures.makeTemporaryDirectory()
        defer { WALFixtures.removeDirectory(directory) }
        var rng = SplitMix64(seed: seed)
        let options = WALFixtures.options(segmentSizeBytes: 4096, batchBytesMax: 1024, compression: compression)
        let recorder = DurableRecorder()
        var expected: [[UInt8]] = []
        do {
            let (log, recovery) = try WALFixtures.open(
                PosixStorage(), directory: directory, options: options, recorder: recorder)
            #expect(recovery.lastLSN == 0 && recovery.segmentCount == 1, "seed \(seed)")
            for _ in 0..<120 {
                let batch = (0..<(1 + rng.int(5))).map { _ in
                    WALFixtures.payload(id: expected.count, length: rng.int(120), rng: &rng)
                }
                let range = try await log.append(contentsOf: batch)
                #expect(range == UInt64(expected.count + 1)...UInt64(expected.count + batch.count), "seed \(seed)")
                expected += batch
            }
            let single = try await log.append([1, 2, 3])
            expected.append([1, 2, 3])
            #expect(single == UInt64(expected.count) && log.durableLSN == single, "seed \(seed)")
            #expect(log.metrics.segmentsCreated > 5, "seed \(seed): expected several segment rolls")
            #expect(try WALFixtures.replay(log).map(\.payload) == expected, "seed \(seed)")
            await log.close()
        }
        #expect(recorder.records.map(\.lsn) == Array(1...UInt64(expected.count)), "seed \(seed)")
        #expect(recorder.records.map(\.payload) == expected, "seed \(seed)")
        let segments = try WALFixtures.segmentNames(PosixStorage(), directory: directory)
        for name in segments {
            let size = try PosixStorage().fileSize(WALFixtures.path(name, in: directory))
            #expect(size <= options.segmentSizeBytes, "seed \(seed): \(name) is \(size) bytes")
        }

        let (reopened, recovery) = try WALFixtures.open(PosixStorage(), directory: directory, options: options)
        #expect(recovery.lastLSN == UInt64(expected.count) && recovery.droppedBytes == 0, "seed \(seed)")
        #expect(recovery.segmentCount == segments.count && recovery.removedFiles.isEmpty, "seed \(seed)")
        #expect(recovery.lastFrameTimestampMillis == 1_750_000_000_000, "seed \(seed)")
        let replayed = try WALFixtures.replay(reopened)
        #expect(replayed.map(\.payload) == expected, "seed \(seed)")
        #expect(replayed.map(\.lsn) == Array(1...UInt64(expected.count)), "seed \(seed)")
        for start in [1, 2, 50, expected.count / 2, expected.count, expected.count + 1, expected.count + 100] {
            let tail = try WALFixtures.replay(reopened, from: UInt64(start))
            #expect(tail.map(\.payload) == Array(expected.dropFirst(start - 1)), "seed \(seed) from \(start)")
            #expect(tail.first.map { $0.lsn == UInt64(start) } ?? true, "seed \(seed) from \(start)")
        }
        let next = try await reopened.append([9])
        #expect(next == UInt64(expected.count + 1), "seed \(seed)")
        await reopened.close()
    }

    @Test("the cursor pulls records one at a time, and replay from 0 starts at LSN 1")
    func cursor() async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 311, batchCount: 30)
        let (log, _) = try WALFixtures.open(storage)
        var cursor = try log.records(from: 0)
        #expect(cursor.startLSN == 1 && cursor.endLSN == UInt64(records.count))
        var count = 0
        while let record = try cursor.next() {
            count += 1
            #expect(record.lsn == UInt64(count) && record.payload == records[count - 1])
        }
        #expect(count == records.count)
        #expect(try cursor.next() == nil)
        await log.close()
    }

    @Test("durability none acknowledges after the write and still rolls segments crash-safely")
    func durabilityNone() async throws {
        let storage = SimulatedStorage(seed: 321)
        let options = WALFixtures.options(durability: .none)
        let (log, _) = try WALFixtures.open(storage, options: options)
        let syncsAtOpen = storage.counters.syncs
        var rng = SplitMix64(seed: 321)
        var expected: [[UInt8]] = []
        for index in 0..<60 {
            let payload = WALFixtures.payload(id: index, length: 80, rng: &rng)
            _ = try await log.append(payload)
            expected.append(payload)
        }
        let rolls = Int(log.metrics.segmentsCreated) - 1
        #expect(rolls >= 2)
        // Per roll: the old segment's data, the new segment's header, the directory.
        #expect(storage.counters.syncs - syncsAtOpen == 3 * rolls)
        await log.close()
        storage.crash(mode: .keepUnsynced)
        let (reopened, recovery) = try WALFixtures.open(storage, options: options)
        #expect(try WALFixtures.replay(reopened).map(\.payload) == expected && recovery.lastLSN == 60)
        await reopened.close()
    }

    @Test("invalid options and oversized appends are rejected")
    func limits() async throws {
        var tooSmall = WALFixtures.options()
        tooSmall.segmentSizeBytes = 256
        let optionsError = #expect(throws: WALError.self) {
            try WALFixtures.open(SimulatedStorage(seed: 1), options: tooSmall)
        }
        #expect(optionsError?.code == .invalidOptions)
        var zeroBatch = WALFixtures.options()
        zeroBatch.batchRecordsMax = 0
        #expect(
            (#expect(throws: WALError.self) { try WALFixtures.open(SimulatedStorage(seed: 1), options: zeroBatch) })?
                .code == .invalidOptions)

        let (log, _) = try WALFixtures.open(SimulatedStorage(seed: 2))
        let options = WALFixtures.options()
        _ = try await log.append([UInt8](repeating: 7, count: options.recordBytesMax))
        await #expect(throws: WALError.self) {
            try await log.append([UInt8](repeating: 7, count: options.recordBytesMax + 1))
        }
        let tooMany = [[UInt8]](repeating: [], count: options.batchRecordsMax + 1)
        do {
            _ = try await log.append(contentsOf: tooMany)
            Issue.record("append of too many records succeeded")
        } catch {
            #expect(error.code == .recordTooLarge)
        }
        await log.close()
        do {
            _ = try await log.append([1])
            Issue.record("append after close succeeded")
        } catch {
            #expect(error.code == .closed)
        }
        await log.close()
    }

    @Test("metrics, timestamps and the fsync observer")
    func metrics() async throws {
        let observed = DurableRecorder()
        var options = WALFixtures.options()
        options.fsyncDurationObserver = { seconds in observed.callback(UInt64(seconds >= 0 ? 1 : 0), []) }
        let (log, _) = try WALFixtures.open(SimulatedStorage(seed: 331), options: options)
        #expect(log.lastFrameTimestampMillis == nil && log.durableLSN == 0)
        _ = try await log.append(contentsOf: [[1], [2, 3]])
        let metrics = log.metrics
        #expect(metrics.framesWritten == 1 && metrics.recordsWritten == 2 && metrics.lastBatchRecords == 2)
        #expect(metrics.bytesWritten == UInt64(SegmentHeader.size + metrics.lastBatchBytes))
        // Opening synced the first segment's header and the directory; the batch synced once.
        #expect(metrics.fsyncCount == 3 && metrics.segmentsCreated == 1)
        #expect(log.lastFrameTimestampMillis == 1_750_000_000_000 && log.durableLSN == 2 && log.health == .ok)
        #expect(observed.records.count == 2 && observed.records.allSatisfy { $0.lsn == 1 })
        await log.close()
    }
}
