/// Tailing: following the log as it grows (see `WALTailer`).
extension WriteAheadLog {
    /// What a tailer does next, decided under the state lock.
    enum TailStep {
        /// Deliver these frames from the ring (the first holds the LSN asked for).
        case ring([FrameRing.Entry])
        /// The LSN is durable but older than the ring: read the files, through this durable LSN.
        case disk(through: UInt64)
        /// Nothing durable at or after the LSN yet: wait for a commit.
        case wait
        /// The log is closed and everything durable was delivered.
        case end
        /// The log failed and everything durable was delivered.
        case failed(reason: String)
        /// The LSN was pruned; the log holds records from this LSN on.
        case notRetained(firstLSN: UInt64)
    }

    /// Most frames in one batch from the ring or the files.
    static let tailBatchFramesMax = 256
    /// Most bytes in one batch, beyond its first frame: 1 MiB.
    static let tailBatchBytesMax = 1024 * 1024

    /// A tailer following the log from `lsn` (see `WALTailer`); `overloaded` when `tailersMax` are open already.
    /// An `lsn` older than `firstLSN` makes its first call throw `lsnNotRetained`.
    public func tailer(from lsn: UInt64) throws(WALError) -> WALTailer {
        let id = try state.withLock { (state) throws(WALError) -> Int in
            guard state.tailerCount < options.tailersMax else {
                throw WALError(.overloaded, "\(state.tailerCount) tailers are open; the limit is \(options.tailersMax)")
            }
            state.tailerCount += 1
            state.tailerIDNext += 1
            return state.tailerIDNext
        }
        return WALTailer(log: self, id: id, from: lsn)
    }

    /// Every record from `lsn` on, in order: those already durable, then each new one once it is durable. Ends when
    /// the consuming task is cancelled or the log is closed (everything durable delivered); throws `lsnNotRetained`
    /// when `lsn` was pruned, `overloaded` when `tailersMax` tailers are open.
    public func tail(from lsn: UInt64) -> AsyncThrowingStream<FrameRecord, any Error> {
        do {
            let tailer = try tailer(from: lsn)
            return AsyncThrowingStream(unfolding: { try await tailer.nextRecord() })
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
    }

    /// Every frame from the one holding `lsn` on, exactly as on disk (checksummed and chained, for shipping to a
    /// replica, which skips the records below `lsn` in the first); otherwise as `tail(from:)`.
    public func tailFrames(from lsn: UInt64) -> AsyncThrowingStream<LogFrame, any Error> {
        do {
            let tailer = try tailer(from: lsn)
            return AsyncThrowingStream(unfolding: { try await tailer.nextFrame() })
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
    }

    /// What the tailer wanting `lsn` does next.
    func tailStep(from lsn: UInt64) -> TailStep {
        state.withLock { state in
            if lsn < state.firstLSN {
                return .notRetained(firstLSN: state.firstLSN)
            }
            if lsn <= state.durableLSN {
                if let entries = state.ring.entries(
                    from: lsn, framesMax: Self.tailBatchFramesMax, bytesMax: Self.tailBatchBytesMax)
                {
                    return .ring(entries)
                }
                return .disk(through: state.durableLSN)
            }
            if case .failed(let reason) = state.health {
                return .failed(reason: reason)
            }
            return state.closed ? .end : .wait
        }
    }

    /// Returns once `lsn` is durable, the log closed or failed, or the task is cancelled.
    func waitForRecord(_ lsn: UInt64, tailer id: Int) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let waits = state.withLock { state in
                    // Cancellation sets the flag before its handler runs, so checking it under the lock the handler
                    // takes leaves no window in which a waiter could be missed.
                    guard state.durableLSN < lsn, !state.closed, state.health == .ok, !Task.isCancelled else {
                        return false
                    }
                    precondition(state.tailWaiters[id] == nil, "a tailer waits twice")
                    state.tailWaiters[id] = continuation
                    return true
                }
                if !waits {
                    continuation.resume()
                }
            }
        } onCancel: {
            state.withLock { $0.tailWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Reads frames from the segment files on the reader queue, off the cooperative pool.
    func readSegments(
        _ reader: TailDiskReader, from lsn: UInt64, through endLSN: UInt64, decode: Bool
    ) async -> (TailDiskReader, Result<[TailedFrame], WALError>) {
        await withCheckedContinuation { continuation in
            readerQueue.async {
                var reader = reader
                let result = Result { () throws(WALError) -> [TailedFrame] in
                    try reader.read(
                        from: lsn, through: endLSN, framesMax: Self.tailBatchFramesMax,
                        bytesMax: Self.tailBatchBytesMax, decode: decode)
                }
                continuation.resume(returning: (reader, result))
            }
        }
    }

    /// Gives back a tailer's place.
    func releaseTailer(_ id: Int) {
        let waiter = state.withLock { state in
            precondition(state.tailerCount > 0, "more tailers released than opened")
            state.tailerCount -= 1
            return state.tailWaiters.removeValue(forKey: id)
        }
        waiter?.resume()
    }
}
