import Core
import Testing
import WAL
import WALTesting

/// A follower stores what arrived together with one sync: frames written in order, across segment rolls, and a
/// frame that does not continue the log stops the batch after the good frames before it.
@Suite("Replicated appends")
struct ReplicatedAppendTests {
    /// `count` leader frames of 1–3 records each, chained from LSN 1.
    static func leaderFrames(_ count: Int, rng: inout SplitMix64) -> [(frame: LogFrame, records: [FrameRecord])] {
        var frames: [(frame: LogFrame, records: [FrameRecord])] = []
        var lsn: UInt64 = 1
        var previous: UInt32 = 0
        for _ in 0..<count {
            let payloads = (0..<(1 + rng.int(3))).map { _ in rng.bytes(40 + rng.int(120)) }
            let encoded = FrameEncoder.encode(
                records: payloads, firstLSN: lsn, epoch: 3, timestampMillis: 1_750_000_000_000,
                previousFrameCRC: previous, compression: true)
            let records = payloads.enumerated().map { FrameRecord(lsn: lsn + UInt64($0), payload: $1) }
            frames.append((LogFrame(header: encoded.header, bytes: encoded.bytes), records))
            previous = encoded.header.headerCRC
            lsn += UInt64(payloads.count)
        }
        return frames
    }

    @Test("a batch is written in order with one sync per segment it touches, and reads back whole")
    func batchAcrossRolls() async throws {
        var rng = SplitMix64(seed: 77)
        let frames = Self.leaderFrames(40, rng: &rng)
        let storage = SimulatedStorage(seed: 1030)
        let recorder = DurableRecorder()
        let (log, _) = try WALFixtures.open(storage, recorder: recorder)
        let syncsBefore = log.metrics.fsyncCount
        try await log.appendReplicated(Array(frames[..<30]))
        let segments = try WALFixtures.segmentNames(storage).count
        #expect(segments > 2, "the batch should roll segments (\(segments))")
        // A roll syncs the old segment and the new one's header and directory: at most 3 per roll, plus the batch's.
        let syncs = log.metrics.fsyncCount - syncsBefore
        #expect(syncs <= 1 + 3 * UInt64(segments - 1), "\(syncs) syncs for one batch over \(segments) segments")
        try await log.appendReplicated(Array(frames[30...]))
        let expected = frames.flatMap(\.records)
        #expect(recorder.records == expected)
        #expect(try WALFixtures.replay(log) == expected)
        await log.close()
        let (reopened, _) = try WALFixtures.open(storage)
        #expect(try WALFixtures.replay(reopened) == expected)
        await reopened.close()
    }

    @Test("thirty frames in one segment take one sync")
    func oneSyncPerBatch() async throws {
        var rng = SplitMix64(seed: 79)
        let frames = Self.leaderFrames(30, rng: &rng)
        let storage = SimulatedStorage(seed: 1031)
        let (log, _) = try WALFixtures.open(storage, options: WALFixtures.options(segmentSizeBytes: 1 << 20))
        let syncsBefore = log.metrics.fsyncCount
        try await log.appendReplicated(frames)
        #expect(log.metrics.fsyncCount - syncsBefore == 1)
        #expect(try WALFixtures.replay(log) == frames.flatMap(\.records))
        await log.close()
    }

    @Test("a frame that leaves a gap stops the batch; the frames before it are durable and applied")
    func gapStopsTheBatch() async throws {
        var rng = SplitMix64(seed: 78)
        let frames = Self.leaderFrames(6, rng: &rng)
        let storage = SimulatedStorage(seed: 1030)
        let recorder = DurableRecorder()
        let (log, _) = try WALFixtures.open(storage, recorder: recorder)
        await #expect(throws: WALError.self) {
            try await log.appendReplicated([frames[0], frames[1], frames[3], frames[4]])
        }
        let stored = frames[0].records + frames[1].records
        #expect(try WALFixtures.replay(log) == stored)
        #expect(log.durableLSN == stored.last?.lsn)
        // The log goes on from where the good frames ended.
        try await log.appendReplicated(Array(frames[2...]))
        #expect(try WALFixtures.replay(log) == frames.flatMap(\.records))
        await log.close()
    }
}
