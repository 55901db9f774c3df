import Core
import Testing
import WAL
import WALTesting

/// Every storage failure of the writer (a write, a sync, a roll, an epoch raise, a restart of an empty log, a
/// reset) stops the log the same way: health `.failed` with a reason, every later append and replicated batch
/// refused with `durabilityUnavailable`, durable records still readable, and never a trap.
@Suite("Writer failures stop the log")
struct WriterFailureTests {
    /// Expects the log stopped: health failed, appends and replicated batches refused, and (unless nil) the
    /// durable `records` still readable.
    func expectStopped(_ log: WriteAheadLog, readable records: [[UInt8]]?) async throws {
        guard case .failed(let reason) = log.health else {
            Issue.record("health is \(log.health) after a writer failure")
            return
        }
        #expect(reason.contains("EIO"), "\(reason)")
        do {
            let lsn = try await log.append(Array("after".utf8))
            Issue.record("an append was acknowledged with LSN \(lsn) after the writer failed")
        } catch {
            #expect(error.code == .durabilityUnavailable, "\(error)")
        }
        var rng = SplitMix64(seed: 9)
        let frames = ReplicatedAppendTests.leaderFrames(1, rng: &rng)
        do {
            try await log.appendReplicated(frames)
            Issue.record("a replicated batch was stored after the writer failed")
        } catch {
            #expect(error.code == .durabilityUnavailable, "\(error)")
        }
        if let records { #expect(try WALFixtures.replay(log).map(\.payload) == records) }
    }

    /// Opens a simulated log holding `count` records.
    func logWithRecords(_ storage: SimulatedStorage, count: Int) async throws -> (WriteAheadLog, [[UInt8]]) {
        let (log, _) = try WALFixtures.open(storage)
        var records: [[UInt8]] = []
        for index in 0..<count {
            records.append(Array("record \(index)".utf8))
            _ = try await log.append(records.last!)
        }
        return (log, records)
    }

    @Test("a failed epoch raise (its new segment cannot be made) stops the log")
    func raiseFails() async throws {
        let storage = SimulatedStorage(seed: 601)
        let (log, records) = try await logWithRecords(storage, count: 4)
        storage.inject(.syncFails(atSync: 1))
        do {
            try await log.raiseEpoch(to: 9)
            Issue.record("the epoch was raised over a failed sync")
        } catch {
            #expect(error.code == .durabilityUnavailable, "\(error)")
        }
        #expect(log.lastEpoch == 3)
        try await expectStopped(log, readable: records)
        do {
            try await log.raiseEpoch(to: 10)
            Issue.record("a stopped log raised its epoch")
        } catch {
            #expect(error.code == .durabilityUnavailable, "\(error)")
        }
        await log.close()
    }

    @Test("a failed restart of an empty log at the leader's first frame stops the log")
    func restartFails() async throws {
        let storage = SimulatedStorage(seed: 602)
        var options = WALFixtures.options()
        options.snapshotLSN = 10
        let (log, _) = try WALFixtures.open(storage, options: options)
        var rng = SplitMix64(seed: 602)
        // Frames from LSN 1 into a log that is empty after LSN 10: the writer restarts the log at LSN 1.
        let frames = ReplicatedAppendTests.leaderFrames(3, rng: &rng)
        storage.inject(.syncFails(atSync: 1))
        do {
            try await log.appendReplicated(frames)
            Issue.record("frames were stored over a failed restart")
        } catch {
            #expect(error.code == .durabilityUnavailable, "\(error)")
        }
        // The restart removed the empty log's only segment before it failed: there is nothing to read.
        try await expectStopped(log, readable: nil)
        await log.close()
    }

    @Test("a failed reset (after a leader's snapshot) stops the log")
    func resetFails() async throws {
        let storage = SimulatedStorage(seed: 603)
        let (log, _) = try await logWithRecords(storage, count: 3)
        // The reset removes the segments, then syncs the directory: that sync fails.
        storage.inject(.syncFails(atSync: 1))
        do {
            try await log.reset(toEmptyAfter: 50)
            Issue.record("the log was reset over a failed sync")
        } catch {
            #expect(error.code == .durabilityUnavailable, "\(error)")
        }
        guard case .failed = log.health else {
            Issue.record("health is \(log.health) after a failed reset")
            return
        }
        do {
            _ = try await log.append(Array("after".utf8))
            Issue.record("an append was acknowledged after a failed reset")
        } catch {
            #expect(error.code == .durabilityUnavailable, "\(error)")
        }
        await log.close()
    }

    @Test("a failed roll inside a replicated batch stops the log")
    func replicatedRollFails() async throws {
        let storage = SimulatedStorage(seed: 604)
        let (log, _) = try WALFixtures.open(storage)
        var rng = SplitMix64(seed: 604)
        let frames = ReplicatedAppendTests.leaderFrames(40, rng: &rng)
        var stored = 0
        // Store frames one batch at a time until the next one would roll the 2 KiB segment.
        let first = WALFixtures.path(SegmentName.fileName(firstLSN: 1))
        while (storage.contents(of: first)?.count ?? 0) + frames[stored].frame.bytes.count <= 2048 {
            try await log.appendReplicated([frames[stored]])
            stored += 1
        }
        storage.inject(.syncFails(atSync: 1))
        do {
            try await log.appendReplicated([frames[stored]])
            Issue.record("a frame was stored over a failed roll")
        } catch {
            #expect(error.code == .durabilityUnavailable, "\(error)")
        }
        try await expectStopped(log, readable: frames.prefix(stored).flatMap(\.records).map(\.payload))
        await log.close()
    }
}
