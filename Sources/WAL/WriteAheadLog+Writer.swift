/// The writer: runs on `writerQueue` only, scheduled by the append or close that found it idle.
extension WriteAheadLog {
    /// Writes batches until nothing is pending, then closes the segment if the log is closing, or goes idle.
    func runWriter() {
        while true {
            switch state.withLock({ $0.nextStep(options: options) }) {
            case .write(let batch):
                commit(batch)
            case .close:
                writer.withLock { $0.close() }
                let waiters = state.withLock { state in
                    state.closed = true
                    state.writerScheduled = false
                    defer { state.closeWaiters = [] }
                    return state.closeWaiters
                }
                for waiter in waiters {
                    waiter.resume()
                }
                return
            case .idle:
                return
            }
        }
    }

    /// Group commit of one batch: one frame, one write, one sync; then `onDurable` for every record in LSN order,
    /// then every waiter resumed with its LSNs. On failure the log stops: the batch and everything queued behind it
    /// fail with `durabilityUnavailable`, and `onDurable` is not called.
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
            state.withLock { state in
                precondition(written.firstLSN == state.durableLSN + 1, "frame does not follow the durable LSN")
                state.durableLSN = lastLSN
                state.lastFrameTimestampMillis = written.timestampMillis
                state.metrics = metrics
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
        case .failure(let error):
            let waiting = state.withLock { state in
                state.metrics = metrics
                return state.fail(reason: error.message)
            }
            for append in batch + waiting {
                append.continuation.resume(returning: .failure(error))
            }
        }
    }
}
