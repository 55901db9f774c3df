/// The log's state shared by appenders, the writer and readers, always used under `WriteAheadLog`'s state lock and
/// only for short, non-blocking steps.
struct LogState {
    /// How an append's caller is resumed: with its LSNs, or the error.
    typealias Continuation = CheckedContinuation<Result<ClosedRange<UInt64>, WALError>, Never>

    /// Records appended together, waiting for the writer.
    struct PendingAppend {
        /// The records, in order.
        var payloads: [[UInt8]]
        /// Raw frame bytes they take: each record's length prefix and bytes.
        var bytes: Int
        /// The waiting caller.
        var continuation: Continuation
    }

    /// What the writer does next.
    enum WriterStep {
        /// Write these appends as one frame.
        case write([PendingAppend])
        /// Nothing is pending and the log is closing: close the segment and resume the closers.
        case close
        /// Nothing to do: the writer stops until an append schedules it again.
        case idle
    }

    /// Appends waiting for the writer, in arrival order; bounded by the pending limits.
    var pending: [PendingAppend] = []
    var pendingRecords = 0
    var pendingBytes = 0
    /// Whether a writer run is queued or running; at most one is.
    var writerScheduled = false
    var health: WALHealth = .ok
    /// A follower's log: local appends are refused (`readOnlyReplica`); only its leader's frames are stored.
    var readOnly = false
    /// A newer leader took over: local appends are refused (`fenced`), whatever `readOnly` says.
    var fence: LogFence?
    /// The durable LSN when the fence took hold: the last local write this log ever acknowledged is at or below it.
    var fenceLSN: UInt64?
    var closing = false
    var closed = false
    var closeWaiters: [CheckedContinuation<Void, Never>] = []
    /// LSN of the last record written (and synced, with `.fsync`).
    var durableLSN: UInt64
    var lastFrameTimestampMillis: Int64?
    var metrics: WALMetrics
    /// LSN of the oldest record the log holds (older segments were pruned); `durableLSN + 1` while it holds none.
    var firstLSN: UInt64
    /// Epoch of the newest frame or segment header, or the higher one the log was opened to write at.
    var lastEpoch: UInt64
    /// First LSN of the segment the writer appends to: `prune` never touches it, nor anything after it.
    var activeSegmentFirstLSN: UInt64
    /// The most recent durable frames, for tailers.
    var ring: FrameRing
    /// The header CRC of the frame that ends at `durableLSN` (what the next frame chains to), changed with it under
    /// the same lock: a follower's position is checked against the pair.
    var durableFrameCRC: UInt32
    /// Tailers waiting for a record past `durableLSN`, by tailer id: one each at most, so at most `tailersMax`.
    var tailWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    /// Tailers open now (at most `tailersMax`), and the id the next one gets.
    var tailerCount = 0
    var tailerIDNext = 0

    /// The state of a log just recovered (or created) up to `durableLSN`.
    init(
        durableLSN: UInt64, durableFrameCRC: UInt32, firstLSN: UInt64, lastEpoch: UInt64,
        activeSegmentFirstLSN: UInt64, lastFrameTimestampMillis: Int64?, metrics: WALMetrics, options: WALOptions
    ) {
        precondition(firstLSN <= durableLSN + 1 && activeSegmentFirstLSN >= firstLSN, "log bounds out of order")
        self.durableLSN = durableLSN
        self.durableFrameCRC = durableFrameCRC
        self.firstLSN = firstLSN
        self.lastEpoch = lastEpoch
        self.activeSegmentFirstLSN = activeSegmentFirstLSN
        self.lastFrameTimestampMillis = lastFrameTimestampMillis
        self.metrics = metrics
        ring = FrameRing(framesMax: options.tailRingFramesMax, bytesMax: options.tailRingBytesMax)
    }

    /// Queues an append, or says why not. On acceptance, tells whether the caller must schedule the writer.
    mutating func admit(
        _ payloads: [[UInt8]], bytes: Int, continuation: Continuation, options: WALOptions
    ) -> Result<Bool, WALError> {
        precondition(bytes <= options.batchBytesMax && payloads.count <= options.batchRecordsMax, "append too big")
        // First: nothing is written after a fence, and the answer names the leader to retry with.
        if let fence {
            return .failure(Self.fencedError(fence))
        }
        if closing {
            return .failure(WALError(.closed, "the write-ahead log is closed"))
        }
        if case .failed(let reason) = health {
            return .failure(WALError(.durabilityUnavailable, "the write-ahead log stopped after a failure: \(reason)"))
        }
        if readOnly {
            return .failure(
                WALError(.readOnlyReplica, "this log belongs to a read-only replica; writes go to its leader"))
        }
        guard pendingRecords + payloads.count <= options.pendingRecordsMax,
            pendingBytes + bytes <= options.pendingBytesMax
        else {
            return .failure(
                WALError(
                    .overloaded,
                    "\(pendingRecords) records (\(pendingBytes) bytes) already wait; limits are "
                        + "\(options.pendingRecordsMax) records and \(options.pendingBytesMax) bytes"))
        }
        pending.append(PendingAppend(payloads: payloads, bytes: bytes, continuation: continuation))
        pendingRecords += payloads.count
        pendingBytes += bytes
        let schedule = !writerScheduled
        writerScheduled = true
        return .success(schedule)
    }

    /// Takes the next batch (as many whole appends from the front as fit in one frame), or says to close or idle.
    mutating func nextStep(options: WALOptions) -> WriterStep {
        precondition(writerScheduled, "writer runs without being scheduled")
        if pending.isEmpty {
            if closing && !closed {
                return .close
            }
            writerScheduled = false
            return .idle
        }
        var records = 0
        var bytes = 0
        var count = 0
        for append in pending {
            guard
                count == 0
                    || (records + append.payloads.count <= options.batchRecordsMax
                        && bytes + append.bytes <= options.batchBytesMax)
            else {
                break
            }
            records += append.payloads.count
            bytes += append.bytes
            count += 1
        }
        let batch = Array(pending.prefix(count))
        pending.removeFirst(count)
        pendingRecords -= records
        pendingBytes -= bytes
        precondition(pendingRecords >= 0 && pendingBytes >= 0 && records <= options.batchRecordsMax, "bad batch")
        return .write(batch)
    }

    /// Fences the log (see `WriteAheadLog.fence(_:)`): checks that this log may be fenced by `newFence`, then
    /// refuses admission from now on and takes every waiting append, to be failed (none of them was written). The
    /// same fence again changes nothing (a retry); a different one, or a follower's log, is refused.
    mutating func raiseFence(_ newFence: LogFence) -> Result<[PendingAppend], WALError> {
        if let fence {
            guard fence == newFence else {
                return .failure(WALError(.fenced, "this log was fenced already, by \(fence)"))
            }
            precondition(pending.isEmpty, "an append was admitted after the fence")
            return .success([])
        }
        if readOnly {
            return .failure(WALError(.readOnlyReplica, "this log belongs to a follower: it is not a leader to fence"))
        }
        guard newFence.epoch > lastEpoch else {
            return .failure(
                WALError(.staleEpoch, "epoch \(newFence.epoch) is not above this log's epoch \(lastEpoch)"))
        }
        fence = newFence
        let waiting = pending
        pending = []
        pendingRecords = 0
        pendingBytes = 0
        return .success(waiting)
    }

    /// The refusal of a local append once a newer leader took over.
    static func fencedError(_ fence: LogFence) -> WALError {
        WALError(.fenced, "a newer leader (\(fence)) took over: this log takes no more local writes")
    }

    /// Takes every waiting tailer, to be resumed (outside the lock) after the log moved on, closed or failed.
    mutating func takeTailWaiters() -> [CheckedContinuation<Void, Never>] {
        defer { tailWaiters = [:] }
        return Array(tailWaiters.values)
    }

    /// Marks the log failed and takes every waiting append, to be failed too.
    mutating func fail(reason: String) -> [PendingAppend] {
        health = .failed(reason: reason)
        let waiting = pending
        pending = []
        pendingRecords = 0
        pendingBytes = 0
        return waiting
    }
}
