#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The writer: runs on `writerQueue` only, scheduled by the append or close that found it idle.
extension WriteAheadLog {
    /// Writes batches until nothing is pending, then closes the segment if the log is closing, or goes idle.
    func runWriter() {
        var lastBatchAppends = 0
        while true {
            if lastBatchAppends >= 2, options.commitDelay > .zero,
                state.withLock({ $0.pending.count < lastBatchAppends && !$0.closing })
            {
                usleep(options.commitDelayMicroseconds)
            }
            switch state.withLock({ $0.nextStep(options: options) }) {
            case .write(let batch):
                lastBatchAppends = batch.count
                commit(batch)
            case .close:
                writer.withLock { $0.close() }
                let (waiters, tailers) = state.withLock { state in
                    state.closed = true
                    state.writerScheduled = false
                    defer { state.closeWaiters = [] }
                    return (state.closeWaiters, state.takeTailWaiters())
                }
                for waiter in waiters {
                    waiter.resume()
                }
                for tailer in tailers {
                    tailer.resume()
                }
                return
            case .idle:
                return
            }
        }
    }

    /// Group commit of one batch: one frame, one write, one sync; then the frame joins the tail ring, `onDurable` is
    /// called for every record in LSN order, every waiter is resumed with its LSNs and every waiting tailer woken. On
    /// failure the log stops: the batch and everything queued behind it fail with `durabilityUnavailable`,
    /// `onDurable` is not called, and tailers are woken to learn it.
    private func commit(_ batch: [LogState.PendingAppend]) {
        precondition(!batch.isEmpty, "empty batch")
        let payloads = batch.flatMap(\.payloads)
        let outcome = writer.withLock { writer in
            // A failure fails everything queued and closes admission under one lock, so no batch follows it.
            precondition(!writer.failed, "batch reached a failed writer")
            let result = Result { () throws(WALError) -> SegmentWriter.Written in try writer.write(payloads) }
            return (result, writer.metrics)
        }
        let metrics = outcome.1
        switch outcome.0 {
        case .success(let written):
            let lastLSN = written.firstLSN + UInt64(payloads.count) - 1
            let records = payloads.enumerated().map { FrameRecord(lsn: written.firstLSN + UInt64($0), payload: $1) }
            let tailers = state.withLock { state in
                precondition(written.firstLSN == state.durableLSN + 1, "frame does not follow the durable LSN")
                state.durableLSN = lastLSN
                state.durableFrameCRC = written.frame.header.headerCRC
                state.lastFrameTimestampMillis = written.timestampMillis
                state.lastEpoch = written.frame.header.epoch
                state.activeSegmentFirstLSN = written.segmentFirstLSN
                state.metrics = metrics
                state.ring.push(written.frame, records: records)
                return state.takeTailWaiters()
            }
            for (index, payload) in payloads.enumerated() {
                onDurable(written.firstLSN + UInt64(index), payload)
            }
            var next = written.firstLSN
            for append in batch {
                let range = next...(next + UInt64(append.payloads.count) - 1)
                next += UInt64(append.payloads.count)
                append.continuation.resume(returning: .success(range))
            }
            precondition(next == lastLSN + 1, "waiters' LSNs do not cover the frame")
            for tailer in tailers {
                tailer.resume()
            }
        case .failure(let error):
            // Stop first: a caller resumed with the failure must already see the log's health failed.
            stop(after: error, metrics: metrics)
            for append in batch {
                append.continuation.resume(returning: .failure(error))
            }
        }
    }

    /// The one failure path of the log, taken on the writer's queue after the writer stopped (a failed write, sync,
    /// roll, epoch raise, restart or reset): health becomes `.failed` with the reason, so every later append and
    /// replicated batch is refused with `durabilityUnavailable` before it reaches the writer; every queued append
    /// fails with `error`; tailers wake to learn it. Reads of what is durable go on.
    func stop(after error: WALError, metrics: WALMetrics? = nil) {
        precondition(writer.withLock { $0.failed }, "the log stops only after its writer did")
        let (waiting, tailers) = state.withLock { state in
            if let metrics { state.metrics = metrics }
            return (state.fail(reason: error.message), state.takeTailWaiters())
        }
        for append in waiting {
            append.continuation.resume(returning: .failure(error))
        }
        for tailer in tailers {
            tailer.resume()
        }
    }

    /// The refusal of a log that already stopped.
    func stoppedError() -> WALError {
        let reason = state.withLock { state -> String in
            if case .failed(let reason) = state.health { return reason }
            return "unknown failure"
        }
        return WALError(.durabilityUnavailable, "write-ahead log stopped: \(reason)")
    }
}
