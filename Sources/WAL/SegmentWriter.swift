/// The active segment, from the writer's side: encodes each batch as one frame, rolls to a new segment when the frame
/// would not fit, writes, syncs. Only the log's writer queue uses it (and `open` and `deinit`, when no writer runs).
///
/// After any write or sync failure it refuses further writes: the file may end in a partial frame, and a failed
/// sync may have dropped dirty pages, so only reopening (which cuts the torn tail) can continue the log.
struct SegmentWriter {
    /// The frame just written.
    struct Written {
        /// The frame exactly as written: its header (first LSN, epoch, timestamp, …) and bytes.
        var frame: LogFrame
        /// First LSN of the segment it went into.
        var segmentFirstLSN: UInt64

        /// LSN of the frame's first record.
        var firstLSN: UInt64 { frame.header.firstLSN }
        /// The frame's timestamp.
        var timestampMillis: Int64 { frame.header.timestampMillis }
    }

    let directory: String
    let storage: any WALStorage
    let options: WALOptions
    private(set) var file: StorageFile?
    private(set) var segmentName: String
    /// First LSN of the active segment.
    private(set) var segmentFirstLSN: UInt64
    /// Size of the active segment file.
    private(set) var segmentBytes: Int
    /// LSN of the next record.
    private(set) var nextLSN: UInt64
    /// `headerCRC` of the last frame written (or recovered): the next frame's `previousFrameCRC`.
    private(set) var lastFrameCRC: UInt32
    /// Timestamp of the last frame; frame timestamps never go backwards.
    private(set) var lastTimestampMillis: Int64?
    /// Set after a write or sync failure; no write follows it.
    private(set) var failed = false
    /// What the writer has done, published to `WriteAheadLog.metrics` after every batch.
    private(set) var metrics = WALMetrics()
    /// The epoch of new frames and segment headers; raised by promotion or by replicated frames of a newer leader.
    private(set) var epoch: UInt64
    /// Whether the log holds no frame at all (a fresh log, or an empty one after a snapshot).
    private(set) var isEmpty: Bool

    /// Continues the log after the recovered `tail` segment, or creates the first segment when there is none (at
    /// `options.snapshotLSN + 1`: the log continues after the snapshot). `lastTimestampMillis` is the last recovered
    /// frame's (which may be in an earlier segment than `tail`).
    init(
        directory: String, storage: any WALStorage, options: WALOptions, tail: SegmentState?,
        lastTimestampMillis: Int64?
    ) throws(WALError) {
        self.directory = directory
        self.storage = storage
        self.options = options
        nextLSN = tail?.nextLSN ?? options.snapshotLSN + 1
        segmentFirstLSN = tail?.header.firstLSN ?? nextLSN
        segmentName = tail?.name ?? SegmentName.fileName(firstLSN: nextLSN)
        segmentBytes = tail?.validLength ?? 0
        lastFrameCRC = tail?.lastFrameCRC ?? 0
        self.lastTimestampMillis = lastTimestampMillis
        epoch = options.epoch
        isEmpty = tail.map { $0.nextLSN == $0.header.firstLSN && $0.validLength == SegmentHeader.size } ?? true
        do {
            if tail == nil {
                file = try createSegment(segmentName)
                segmentBytes = SegmentHeader.size
            } else {
                file = try storage.openFile(SegmentName.path(directory, segmentName), create: false)
            }
        } catch {
            throw WALError.storage(error, "cannot open the log's last segment for appending")
        }
        precondition(segmentBytes >= SegmentHeader.size, "active segment shorter than its header")
    }

    /// Writes `records` as one frame (rolling first when it would not fit), syncs it with `.fsync` durability, and
    /// returns its first LSN. Throws `durabilityUnavailable` on any failure, after which the writer is failed.
    mutating func write(_ records: [[UInt8]]) throws(WALError) -> Written {
        precondition(!failed, "write after a write or sync failure")
        precondition(!records.isEmpty && records.count <= options.batchRecordsMax, "batch outside its limits")
        let timestamp = max(options.clock(), lastTimestampMillis ?? .min)
        let frame = FrameEncoder.encode(
            records: records, firstLSN: nextLSN, epoch: epoch, timestampMillis: timestamp,
            previousFrameCRC: lastFrameCRC, compression: options.compression)
        precondition(frame.bytes.count <= FrameHeader.size + options.batchBytesMax, "frame larger than the batch limit")
        do {
            if segmentBytes + frame.bytes.count > options.segmentSizeBytes {
                try roll()
            }
            try writeAll(frame.bytes, to: file!)
            if options.durability == .fsync {
                try sync(file!)
            }
        } catch {
            throw stop(error)
        }
        let written = Written(
            frame: LogFrame(header: frame.header, bytes: frame.bytes), segmentFirstLSN: segmentFirstLSN)
        isEmpty = false
        segmentBytes += frame.bytes.count
        nextLSN = frame.header.nextLSN
        lastFrameCRC = frame.header.headerCRC
        lastTimestampMillis = timestamp
        metrics.framesWritten += 1
        metrics.recordsWritten += UInt64(records.count)
        metrics.lastBatchRecords = records.count
        metrics.lastBatchBytes = frame.bytes.count
        precondition(segmentBytes <= options.segmentSizeBytes, "segment grew past its size")
        return written
    }

    /// Marks the writer failed without a storage error of its own (the log was reset and its new segment could
    /// not be made): like `stop`, no write follows.
    mutating func abandon() {
        close()
        failed = true
    }

    /// Releases the active segment's descriptor.
    mutating func close() {
        if let file {
            storage.close(file)
        }
        file = nil
    }

    /// Starts a new segment at `nextLSN`. The current one must be whole first: with `.none` durability its frames
    /// are synced now, since a later segment existing means everything before it is complete.
    mutating func roll() throws(WALStorageError) {
        guard let old = file else {
            preconditionFailure("roll without an active segment")
        }
        if options.durability == .none {
            try sync(old)
        }
        let name = SegmentName.fileName(firstLSN: nextLSN)
        precondition(name > segmentName, "segment names must grow with LSNs")
        let new = try createSegment(name)
        storage.close(old)
        file = new
        segmentName = name
        segmentFirstLSN = nextLSN
        segmentBytes = SegmentHeader.size
    }

    /// Creates segment `name` crash-safely: header written to `name.tmp`, file synced, renamed into place, directory
    /// synced. Only then can a record go in it, so a crash leaves either no segment or one with a durable header.
    mutating func createSegment(_ name: String) throws(WALStorageError) -> StorageFile {
        let header = SegmentHeader(
            firstLSN: nextLSN, epoch: epoch, createdMillis: options.clock(), previousFrameCRC: lastFrameCRC)
        let path = SegmentName.path(directory, name)
        let temporary = try storage.openFile(path + SegmentName.temporarySuffix, create: true)
        let file = StorageFile(descriptor: temporary.descriptor, path: path)
        do throws(WALStorageError) {
            try writeAll(header.bytes, to: temporary)
            try sync(temporary)
            try storage.rename(temporary.path, to: path)
            metrics.fsyncCount += 1
            try storage.syncDirectory(directory)
        } catch {
            storage.close(temporary)
            throw error
        }
        metrics.segmentsCreated += 1
        return file
    }

    /// Appends every byte, continuing after short writes, counting them in the metrics.
    mutating func writeAll(_ bytes: [UInt8], to file: StorageFile) throws(WALStorageError) {
        var written = 0
        defer { metrics.bytesWritten += UInt64(written) }
        try storage.appendAll(file, bytes) { written += $0 }
    }

    /// `fdatasync`, timed for the observer. Never retried.
    mutating func sync(_ file: StorageFile) throws(WALStorageError) {
        let start = WALClock.monotonicSeconds()
        metrics.fsyncCount += 1
        try storage.syncFile(file)
        options.fsyncDurationObserver?(WALClock.monotonicSeconds() - start)
    }
}

/// Writing frames that another node already encoded (a follower storing its leader's log byte for byte), and
/// raising the epoch (promotion).
extension SegmentWriter {
    /// Writes leaders' frames exactly as received, in order, then syncs once: a follower stores what arrived
    /// together with one fsync, not one per leader frame. Each frame must continue this log (next LSN, CRC chain,
    /// epoch not lower); an empty log (after a snapshot) instead starts at the first frame, which may begin at or
    /// before the next LSN. A frame that does not continue the log is returned as the refusal, after the frames
    /// before it were written and synced; write and sync failures throw (and stop the writer).
    mutating func writeReplicated(_ frames: [LogFrame]) throws(WALError) -> (written: [Written], refusal: WALError?) {
        precondition(!failed, "write after a write or sync failure")
        precondition(!frames.isEmpty, "an empty replicated batch")
        var written: [Written] = []
        written.reserveCapacity(frames.count)
        var refusal: WALError?
        var unsynced = false
        for frame in frames {
            // A frame that does not continue the log is refused; a failure restarting an empty log throws.
            if let refused = try continuityRefusal(of: frame.header) {
                refusal = refused
                break
            }
            epoch = frame.header.epoch
            do {
                if segmentBytes + frame.bytes.count > options.segmentSizeBytes {
                    // Frames already written to this segment must be durable before it is left behind.
                    if unsynced && options.durability == .fsync { try sync(file!) }
                    try roll()
                }
                try writeAll(frame.bytes, to: file!)
                unsynced = true
            } catch {
                throw stop(error)
            }
            record(frame)
            written.append(Written(frame: frame, segmentFirstLSN: segmentFirstLSN))
        }
        if unsynced && options.durability == .fsync {
            do { try sync(file!) } catch { throw stop(error) }
        }
        return (written, refusal)
    }

    /// Why a replicated frame does not continue the log, or nil when it does (restarting an empty log at it).
    /// Throws `durabilityUnavailable` (and stops the writer) when that restart fails.
    private mutating func continuityRefusal(of header: FrameHeader) throws(WALError) -> WALError? {
        guard header.epoch >= epoch else {
            return WALError(
                .staleEpoch, "frame of epoch \(header.epoch) below the log's epoch \(epoch)", lsn: header.firstLSN)
        }
        if isEmpty && (header.firstLSN != nextLSN || header.previousFrameCRC != lastFrameCRC) {
            guard header.firstLSN <= nextLSN else {
                return WALError(.corruption, "frame at LSN \(header.firstLSN) leaves a gap after \(nextLSN - 1)")
            }
            try restart(at: header.firstLSN, previousFrameCRC: header.previousFrameCRC, epoch: header.epoch)
        }
        guard header.firstLSN == nextLSN, header.previousFrameCRC == lastFrameCRC else {
            return WALError(
                .corruption,
                "frame at LSN \(header.firstLSN) does not continue the log at \(nextLSN)",
                lsn: header.firstLSN
            )
        }
        return nil
    }

    /// Marks the writer failed after a write or sync error and describes it. Every storage failure of the writer
    /// goes through here, and the log then fails (`WriteAheadLog.stop`): no write reaches a failed writer.
    mutating func stop(_ error: WALStorageError) -> WALError {
        failed = true
        return WALError(
            .durabilityUnavailable,
            // No path in the message: it reaches `/health`; the path stays in `storageError`, for logs.
            "write-ahead log stopped: \(error.operation) failed with \(WALStorageError.name(error.errorNumber))",
            segment: segmentName,
            offset: segmentBytes, lsn: nextLSN, storageError: error)
    }

    /// Advances past a frame just written.
    private mutating func record(_ frame: LogFrame) {
        let header = frame.header
        isEmpty = false
        segmentBytes += frame.bytes.count
        nextLSN = header.nextLSN
        lastFrameCRC = header.headerCRC
        lastTimestampMillis = max(lastTimestampMillis ?? .min, header.timestampMillis)
        metrics.framesWritten += 1
        metrics.recordsWritten += UInt64(header.recordCount)
    }

    /// Raises the epoch for every later frame and records it at once in a new segment header (promotion).
    mutating func raise(epoch newEpoch: UInt64) throws(WALError) {
        precondition(newEpoch > epoch, "epochs only go up")
        epoch = newEpoch
        if isEmpty {
            // No frame to roll past: a new segment would take this one's name. Write its header again instead.
            try restart(at: nextLSN, previousFrameCRC: lastFrameCRC, epoch: newEpoch)
            return
        }
        do {
            try roll()
        } catch {
            throw stop(error)
        }
    }

    /// Replaces the empty log's only segment by one starting at `lsn` and chaining to `previousFrameCRC`.
    private mutating func restart(at lsn: UInt64, previousFrameCRC: UInt32, epoch newEpoch: UInt64) throws(WALError) {
        precondition(isEmpty, "restart of a log that holds frames")
        do {
            if let file { storage.close(file) }
            file = nil
            try storage.remove(SegmentName.path(directory, segmentName))
            nextLSN = lsn
            lastFrameCRC = previousFrameCRC
            epoch = max(epoch, newEpoch)
            segmentName = SegmentName.fileName(firstLSN: lsn)
            segmentFirstLSN = lsn
            file = try createSegment(segmentName)
            segmentBytes = SegmentHeader.size
        } catch {
            throw stop(error)
        }
    }
}
