/// Follows the log from an LSN, for replication: every durable record from there on, in order, without gaps or
/// repeats. Older records come from the segment files; once the tailer has caught up, from the log's in-memory ring
/// of recent frames, fed by the writer after each commit; when everything durable has been delivered it waits for
/// the next commit. A tailer that falls behind the ring reads the files again, so a slow one never makes the
/// writer hold more. It ends (nil) when its task is cancelled or the log is closed with everything delivered; it
/// throws `lsnNotRetained` when the records it needs were pruned, `durabilityUnavailable` when the log failed.
///
/// One consumer at a time: calls must not overlap.
public actor WALTailer {
    private let log: WriteAheadLog
    private let id: Int
    /// The LSN the tailer started from: records below it (in the first frame) are skipped.
    public nonisolated let startLSN: UInt64
    /// First LSN of the next frame to deliver (at first, the LSN the frame to deliver must hold).
    private var nextLSN: UInt64
    /// `headerCRC` of the last frame delivered: the next must chain to it.
    private var previousCRC: UInt32?
    private var disk: TailDiskReader
    private var bufferedFrames: ArraySlice<LogFrame> = []
    private var bufferedRecords: ArraySlice<FrameRecord> = []
    private var finished = false
    private var busy = false

    init(log: WriteAheadLog, id: Int, from lsn: UInt64) {
        self.log = log
        self.id = id
        startLSN = max(lsn, 1)
        nextLSN = startLSN
        disk = TailDiskReader(directory: log.directory, storage: log.storage)
    }

    deinit {
        log.releaseTailer(id)
    }

    /// The next frames, whole and exactly as on disk (the first one holds `startLSN`, maybe after records below it);
    /// waits for a commit when there is nothing new. Nil at the end.
    public func nextFrames() async throws(WALError) -> [LogFrame]? {
        precondition(bufferedFrames.isEmpty && bufferedRecords.isEmpty, "frames and records mixed on one tailer")
        return try await nextBatch(decode: false)?.map(\.frame)
    }

    /// The next records, from `startLSN` on; waits for a commit when there is nothing new. Nil at the end.
    public func nextRecords() async throws(WALError) -> [FrameRecord]? {
        precondition(bufferedFrames.isEmpty && bufferedRecords.isEmpty, "frames and records mixed on one tailer")
        guard let batch = try await nextBatch(decode: true) else {
            return nil
        }
        let records = batch.flatMap { $0.records ?? [] }.filter { $0.lsn >= startLSN }
        precondition(!records.isEmpty, "a batch without records")
        return records
    }

    /// The next frame (see `nextFrames()`), one at a time.
    public func nextFrame() async throws(WALError) -> LogFrame? {
        if bufferedFrames.isEmpty {
            guard let frames = try await nextBatch(decode: false)?.map(\.frame) else {
                return nil
            }
            bufferedFrames = frames[...]
        }
        return bufferedFrames.popFirst()
    }

    /// The next record (see `nextRecords()`), one at a time.
    public func nextRecord() async throws(WALError) -> FrameRecord? {
        if bufferedRecords.isEmpty {
            guard let batch = try await nextBatch(decode: true) else {
                return nil
            }
            bufferedRecords = batch.flatMap { $0.records ?? [] }.filter { $0.lsn >= startLSN }[...]
        }
        return bufferedRecords.popFirst()
    }

    /// The next frames from the ring or the files, waiting for a commit when everything durable was delivered.
    private func nextBatch(decode: Bool) async throws(WALError) -> [TailedFrame]? {
        precondition(!busy, "overlapping calls on one tailer")
        busy = true
        defer { busy = false }
        while !finished {
            if Task.isCancelled {
                finished = true
                return nil
            }
            switch log.tailStep(from: nextLSN) {
            case .ring(let entries):
                return try deliver(entries.map { TailedFrame(frame: $0.frame, records: $0.records) })
            case .disk(let endLSN):
                return try deliver(try await readDisk(through: endLSN, decode: decode))
            case .wait:
                await log.waitForRecord(nextLSN, tailer: id)
            case .end:
                finished = true
            case .failed(let reason):
                finished = true
                throw WALError(.durabilityUnavailable, "the write-ahead log stopped: \(reason)", lsn: nextLSN)
            case .notRetained(let firstLSN):
                finished = true
                throw notRetained(firstLSN)
            }
        }
        return nil
    }

    /// Reads frames from the segment files on the log's reader queue.
    private func readDisk(through endLSN: UInt64, decode: Bool) async throws(WALError) -> [TailedFrame] {
        let (reader, result) = await log.readSegments(disk, from: nextLSN, through: endLSN, decode: decode)
        disk = reader
        switch result {
        case .success(let frames):
            guard !frames.isEmpty else {
                throw WALError(.corruption, "durable records are missing from the segment files", lsn: nextLSN)
            }
            return frames
        case .failure(let error):
            let firstLSN = log.firstLSN
            if nextLSN < firstLSN {
                finished = true
                throw notRetained(firstLSN)
            }
            throw error
        }
    }

    /// Checks that `frames` continue what was delivered, and moves past them.
    private func deliver(_ frames: [TailedFrame]) throws(WALError) -> [TailedFrame] {
        precondition(!frames.isEmpty, "an empty batch")
        for tailed in frames {
            let header = tailed.frame.header
            let continues = previousCRC.map { header.firstLSN == nextLSN && header.previousFrameCRC == $0 }
            guard continues ?? (header.firstLSN <= nextLSN && nextLSN < header.nextLSN) else {
                finished = true
                throw WALError(.corruption, "tailed frame does not continue the ones before", lsn: nextLSN)
            }
            nextLSN = header.nextLSN
            previousCRC = header.headerCRC
        }
        return frames
    }

    private func notRetained(_ firstLSN: UInt64) -> WALError {
        WALError(
            .lsnNotRetained, "the log holds records from LSN \(firstLSN) on; older segments were pruned", lsn: nextLSN)
    }
}
