/// A leader's log learning that a newer leader took over (fencing), so that its node never acknowledges a write of
/// its own again.
extension WriteAheadLog {
    /// Fences this leader's log with a newer leader's epoch: from the moment the state lock is taken every local
    /// append is refused with `fenced` (appends still queued fail with it: none of them was written), then, on the
    /// writer's queue, a batch already inside a write or sync finishes. Returns the last durable LSN: every append
    /// this log ever acknowledged is at or below it, and none is acknowledged after this returns — so a new leader
    /// that holds the log up to this LSN holds every acknowledged write.
    ///
    /// Refused with `readOnlyReplica` on a follower's log (not a leader), `fenced` when another fence holds it
    /// already (the same fence again answers again: a retry), and `staleEpoch` when the epoch is not above the
    /// log's; a refused fence changes nothing. Frames from the new leader (`appendReplicated`) are still stored, and
    /// `promote()` lifts the fence.
    public func fence(_ fence: LogFence) async throws(WALError) -> UInt64 {
        let refusedAppends = try state.withLock { $0.raiseFence(fence) }.get()
        let refusal = LogState.fencedError(fence)
        for append in refusedAppends {
            append.continuation.resume(returning: .failure(refusal))
        }
        let result: Result<UInt64, WALError> = await withCheckedContinuation { continuation in
            writerQueue.async { continuation.resume(returning: self.confirmFence(fence)) }
        }
        return try result.get()
    }

    /// On the writer's queue, after every batch taken before the fence: the first time, the writer's own epoch must be
    /// below the fence's (else the fence is withdrawn: nobody was told of it yet), and the durable LSN is then final.
    private func confirmFence(_ fence: LogFence) -> Result<UInt64, WALError> {
        let writerEpoch = writer.withLock { $0.epoch }
        return state.withLock { state in
            guard state.fence == fence else {
                return .failure(WALError(.fenced, "the fence was lifted by a promotion of this node"))
            }
            // A retry of the same fence answers the LSN of the first: frames stored since are the new leader's
            // (whose epoch the writer has taken by now).
            if let lsn = state.fenceLSN { return .success(lsn) }
            guard writerEpoch < fence.epoch else {
                state.fence = nil
                state.fenceLSN = nil
                return .failure(
                    WALError(.staleEpoch, "epoch \(fence.epoch) is not above this log's epoch \(writerEpoch)"))
            }
            precondition(state.pending.isEmpty, "an append was admitted after the fence")
            state.fenceLSN = state.durableLSN
            return .success(state.durableLSN)
        }
    }

    /// Fences the log at once, for a node that was fenced (when its log ended at `lsn`) before it restarted:
    /// nothing is pending yet.
    public func reinstate(_ fence: LogFence, lsn: UInt64) {
        state.withLock { state in
            precondition(state.pending.isEmpty, "a fence reinstated after appends were admitted")
            state.fence = fence
            // A repaired log may end before it (a repair cuts damaged records): the fence holds at its end then.
            state.fenceLSN = min(lsn, state.durableLSN)
        }
    }

    /// The fence that stops local appends, if a newer leader took over.
    public var fence: LogFence? { state.withLock { $0.fence } }
}
