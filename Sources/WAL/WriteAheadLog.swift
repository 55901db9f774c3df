import Dispatch
import Synchronization

/// The append-only write-ahead log: records (opaque byte payloads) get contiguous LSNs from 1 and are acknowledged
/// only once durable. Appends from many tasks are committed in groups: one frame, one write and one `fdatasync` per
/// batch. Segments a snapshot covers can be pruned (`prune(through:archiveDirectory:)`), after which the log starts
/// later than LSN 1; tailers (`tail(from:)`) follow it as it grows.
///
/// Why a class with locks and a serial `DispatchQueue` rather than an actor: `fdatasync` blocks its thread for
/// milliseconds, and an actor's code runs on the cooperative thread pool, which must never block. So all file I/O
/// after `open` runs on `writerQueue`, a serial queue this log owns; its work items run on libdispatch worker
/// threads, not on the cooperative pool, one at a time. Appending tasks take the `state` lock only to queue their
/// records (microseconds, never across I/O), then suspend on a continuation that the writer resumes. No
/// `@unchecked Sendable` is needed: every mutable field is inside a `Mutex`.
///
/// Locks: `state` (appenders, writer, readers; never held during I/O or callbacks) and `writer` (the active segment;
/// taken only by the writer queue, and by `open` and `deinit` when no writer runs, so never contended). The writer
/// never holds both at once.
public final class WriteAheadLog: Sendable {
    /// The directory holding the segment files.
    public let directory: String
    package let storage: any WALStorage
    let options: WALOptions
    let onDurable: @Sendable (_ lsn: UInt64, _ payload: [UInt8]) -> Void
    /// Runs the writer: at most one work item at a time (`LogState.writerScheduled`).
    let writerQueue = DispatchQueue(label: "nailbook.wal.writer", qos: .userInitiated)
    /// Runs tailers' segment reads, off the cooperative pool (at most `tailersMax` at once).
    let readerQueue = DispatchQueue(label: "nailbook.wal.reader", qos: .userInitiated, attributes: .concurrent)
    let state: Mutex<LogState>
    let writer: Mutex<SegmentWriter>
    /// Serializes `prune` calls; held across their file operations, never taken by the writer.
    let pruning = Mutex<Void>(())

    private init(
        directory: String, storage: any WALStorage, options: WALOptions, writer: SegmentWriter,
        report: RecoveryReport, onDurable: @escaping @Sendable (UInt64, [UInt8]) -> Void
    ) {
        self.directory = directory
        self.storage = storage
        self.options = options
        self.onDurable = onDurable
        let metrics = writer.metrics
        let activeSegmentFirstLSN = writer.segmentFirstLSN
        self.writer = Mutex(writer)
        state = Mutex(
            LogState(
                durableLSN: report.lastLSN, durableFrameCRC: writer.lastFrameCRC, firstLSN: report.firstLSN,
                lastEpoch: max(report.lastEpoch, options.epoch),
                activeSegmentFirstLSN: activeSegmentFirstLSN, lastFrameTimestampMillis: report.lastFrameTimestampMillis,
                metrics: metrics, options: options))
    }

    deinit {
        writer.withLock { $0.close() }
    }

    /// Opens (or creates) the log in `directory`: recovers it (see `RecoveryDecision` for the decision table), cuts a
    /// torn tail, and refuses with `corruption` (naming segment, offset and LSN) when committed data is damaged; then
    /// `repair` is the way out. A log whose first segment starts after LSN 1 is accepted when `options.snapshotLSN`
    /// covers everything before it; a log whose last epoch is above `options.epoch` is refused with `staleEpoch`
    /// (unless `options.adoptsLogEpoch`). `onDurable` is called on the writer's thread for every record once it is
    /// durable, in LSN order, before its append returns; it must not block for long. Replay the recovered records
    /// with `records(from:)` or `forEachRecord(from:_:)`.
    public static func open(
        directory: String, storage: any WALStorage, options: WALOptions = WALOptions(),
        onDurable: @escaping @Sendable (_ lsn: UInt64, _ payload: [UInt8]) -> Void
    ) throws(WALError) -> (log: WriteAheadLog, recovery: RecoveryReport) {
        try options.validate()
        do {
            try storage.createDirectory(directory)
        } catch {
            throw WALError.storage(error, "cannot create the log directory")
        }
        var (report, tail) = try WALRecovery.recover(
            directory: directory, storage: storage, snapshotLSN: options.snapshotLSN)
        var options = options
        if options.epoch < report.lastEpoch {
            guard options.adoptsLogEpoch else {
                throw WALError(
                    .staleEpoch,
                    "epoch \(options.epoch) is below the log's last epoch \(report.lastEpoch): an old leader must not write",
                    lsn: report.lastLSN)
            }
            options.epoch = report.lastEpoch
        }
        let writer = try SegmentWriter(
            directory: directory, storage: storage, options: options, tail: tail,
            lastTimestampMillis: report.lastFrameTimestampMillis)
        precondition(writer.nextLSN == report.lastLSN + 1, "writer does not continue the recovered log")
        if tail == nil {
            report.segmentCount = 1
            report.lastEpoch = options.epoch
        }
        let log = WriteAheadLog(
            directory: directory, storage: storage, options: options, writer: writer, report: report,
            onDurable: onDurable)
        return (log, report)
    }

    /// Appends one record and returns its LSN once it is durable (written, with `.none` durability). Throws
    /// `durabilityUnavailable` when a write or sync failed (this one or an earlier one), `recordTooLarge`,
    /// `overloaded` when the queue is full, or `closed`. Once queued, an append is not cancellable.
    public func append(_ payload: [UInt8]) async throws(WALError) -> UInt64 {
        try await append(contentsOf: [payload]).lowerBound
    }

    /// Appends records together: they get consecutive LSNs and land in one frame, so after a crash either all of
    /// them are in the log or none is. At most `batchRecordsMax` records and `batchBytesMax` bytes (with 4 bytes
    /// per record); must not be empty.
    public func append(contentsOf payloads: [[UInt8]]) async throws(WALError) -> ClosedRange<UInt64> {
        precondition(!payloads.isEmpty, "append of no records")
        let bytes = payloads.reduce(0) { $0 + FrameHeader.recordPrefixSize + $1.count }
        guard payloads.count <= options.batchRecordsMax, bytes <= options.batchBytesMax else {
            throw WALError(
                .recordTooLarge,
                "\(payloads.count) records of \(bytes) bytes exceed the frame limits (\(options.batchRecordsMax) "
                    + "records, \(options.batchBytesMax) bytes)")
        }
        let result = await withCheckedContinuation { (continuation: LogState.Continuation) in
            let admission = state.withLock { state in
                state.admit(payloads, bytes: bytes, continuation: continuation, options: options)
            }
            switch admission {
            case .success(let scheduleWriter):
                if scheduleWriter {
                    writerQueue.async { self.runWriter() }
                }
            case .failure(let error):
                continuation.resume(returning: .failure(error))
            }
        }
        let range = try result.get()
        precondition(range.count == payloads.count, "LSN range does not match the records")
        return range
    }

    /// Stops accepting appends, waits until every queued one is written (or failed), and closes the segment.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (alreadyClosed, scheduleWriter) = state.withLock { state -> (Bool, Bool) in
                if state.closed {
                    return (true, false)
                }
                state.closing = true
                state.closeWaiters.append(continuation)
                let schedule = !state.writerScheduled
                state.writerScheduled = true
                return (false, schedule)
            }
            if alreadyClosed {
                continuation.resume()
            } else if scheduleWriter {
                writerQueue.async { self.runWriter() }
            }
        }
    }

    /// `.ok`, or `.failed` with the reason once a write or sync failed.
    public var health: WALHealth {
        state.withLock { $0.health }
    }

    /// LSN of the last durable record (written, with `.none` durability); 0 when the log is empty.
    public var durableLSN: UInt64 {
        state.withLock { $0.durableLSN }
    }

    /// LSN of the oldest record the log still holds: 1 unless older segments were pruned; `durableLSN + 1` while the
    /// log holds no record.
    public var firstLSN: UInt64 {
        state.withLock { $0.firstLSN }
    }

    /// Epoch of the newest frame or segment header in the log, or the higher epoch the log was opened to write at:
    /// the epoch of the log's next local write.
    public var lastEpoch: UInt64 {
        state.withLock { $0.lastEpoch }
    }

    /// Timestamp of the last durable frame, Unix milliseconds; nil when the log is empty.
    public var lastFrameTimestampMillis: Int64? {
        state.withLock { $0.lastFrameTimestampMillis }
    }

    /// Counters of what the writer has done since `open`.
    public var metrics: WALMetrics {
        state.withLock { $0.metrics }
    }
}
