/// A follower's writes: frames received from the leader, stored byte for byte; and promotion's new epoch.
extension WriteAheadLog {
    /// Stores leaders' frames exactly as received (after they were verified), with one write each and one sync
    /// for all, and applies their records through `onDurable`; returns once they are durable. They must continue
    /// this log — next LSN, CRC chain, epoch not lower — except in an empty log (after loading a snapshot), which
    /// starts at the first; records at or below the snapshot's LSN are stored but not handed to `onDurable`. Runs
    /// on the writer's queue, so it never interleaves with the log's own batches.
    public func appendReplicated(_ frames: [(frame: LogFrame, records: [FrameRecord])]) async throws(WALError) {
        precondition(!frames.isEmpty, "an empty replicated batch")
        for (frame, records) in frames {
            precondition(records.count == Int(frame.header.recordCount), "records do not match the frame")
        }
        let result: Result<Void, WALError> = await withCheckedContinuation { continuation in
            writerQueue.async { continuation.resume(returning: self.commitReplicated(frames)) }
        }
        try result.get()
    }

    /// Raises the epoch for every later write (promotion); recorded at once in a new segment header.
    public func raiseEpoch(to epoch: UInt64) async throws(WALError) {
        let result: Result<Void, WALError> = await withCheckedContinuation { continuation in
            writerQueue.async {
                let outcome = self.writer.withLock { writer -> Result<Void, WALError>? in
                    guard !writer.failed else { return nil }
                    return Result { () throws(WALError) in try writer.raise(epoch: epoch) }
                }
                guard let outcome else {
                    continuation.resume(returning: .failure(self.stoppedError()))
                    return
                }
                switch outcome {
                case .success: self.state.withLock { $0.lastEpoch = epoch }
                case .failure(let error): self.stop(after: error)
                }
                continuation.resume(returning: outcome)
            }
        }
        try result.get()
    }

    /// Makes the log a read-only replica's: every local append is refused with `readOnlyReplica` until
    /// `promote()`; frames from the leader (`appendReplicated`) are still stored.
    public func makeReadOnly() {
        state.withLock { $0.readOnly = true }
    }

    /// Whether local appends are refused (a follower's log, not yet promoted).
    public var isReadOnly: Bool { state.withLock { $0.readOnly } }

    /// Promotion of a read-only or fenced log: on the writer's queue (so two promotions never interleave), takes an
    /// epoch above the writer's, the log's and the fence's, and at least `minimumEpoch` (the epoch a handover told
    /// the old leader), records it in a new segment header, and accepts local appends from then on; returns the new
    /// epoch. A log that takes local appends already (never a follower's, or promoted before) is refused with
    /// `notReadOnly` and left as it is.
    public func promote(minimumEpoch: UInt64 = 0) async throws(WALError) -> UInt64 {
        let result: Result<UInt64, WALError> = await withCheckedContinuation { continuation in
            writerQueue.async { continuation.resume(returning: self.promoteOnWriter(minimumEpoch: minimumEpoch)) }
        }
        return try result.get()
    }

    private func promoteOnWriter(minimumEpoch: UInt64) -> Result<UInt64, WALError> {
        let (readOnly, fence, logEpoch) = state.withLock { ($0.readOnly, $0.fence, $0.lastEpoch) }
        guard readOnly || fence != nil else {
            return .failure(WALError(.notReadOnly, "the log takes local writes already: it was promoted before"))
        }
        let outcome = writer.withLock { writer in
            Result { () throws(WALError) -> UInt64 in
                let epoch = max(max(writer.epoch, logEpoch, fence?.epoch ?? 0) + 1, minimumEpoch)
                try writer.raise(epoch: epoch)
                precondition(writer.epoch == epoch, "the writer did not take the new epoch")
                return epoch
            }
        }
        if case .success(let epoch) = outcome {
            state.withLock { state in
                state.lastEpoch = epoch
                state.readOnly = false
                state.fence = nil
                state.fenceLSN = nil
            }
        }
        return outcome
    }

    private func commitReplicated(_ frames: [(frame: LogFrame, records: [FrameRecord])]) -> Result<Void, WALError> {
        if case .failed = health { return .failure(stoppedError()) }
        let outcome = writer.withLock { writer in
            (
                Result { () throws(WALError) -> (written: [SegmentWriter.Written], refusal: WALError?) in
                    try writer.writeReplicated(frames.map(\.frame))
                },
                writer.metrics
            )
        }
        switch outcome.0 {
        case .success(let (written, refusal)):
            precondition(written.count == frames.count || refusal != nil, "a replicated frame was not written")
            let (previous, tailers) = state.withLock { state in
                let previous = state.durableLSN
                for (index, frame) in written.enumerated() {
                    state.durableLSN = frame.frame.header.nextLSN - 1
                    state.durableFrameCRC = frame.frame.header.headerCRC
                    state.lastFrameTimestampMillis = frame.timestampMillis
                    state.lastEpoch = frame.frame.header.epoch
                    state.activeSegmentFirstLSN = frame.segmentFirstLSN
                    state.ring.push(frame.frame, records: frames[index].records)
                }
                state.metrics = outcome.1
                return (previous, state.takeTailWaiters())
            }
            for (_, records) in frames.prefix(written.count) {
                for record in records where record.lsn > previous { onDurable(record.lsn, record.payload) }
            }
            for tailer in tailers { tailer.resume() }
            return refusal.map { .failure($0) } ?? .success(())
        case .failure(let error) where error.code == .durabilityUnavailable:
            stop(after: error, metrics: outcome.1)
            return .failure(error)
        case .failure(let error):
            return .failure(error)
        }
    }
}

extension WriteAheadLog {
    /// Discards the whole log and starts an empty one after `lsn` (a follower that loaded its leader's snapshot at
    /// `lsn`, whose own log is behind what the leader retains). The snapshot must be stored first.
    public func reset(toEmptyAfter lsn: UInt64) async throws(WALError) {
        let result: Result<Void, WALError> = await withCheckedContinuation { continuation in
            writerQueue.async { continuation.resume(returning: self.resetOnWriter(after: lsn)) }
        }
        try result.get()
    }

    private func resetOnWriter(after lsn: UInt64) -> Result<Void, WALError> {
        if case .failed = health { return .failure(stoppedError()) }
        switch resetSegments(after: lsn) {
        case .success: return .success(())
        case .failure(let error):
            // The old segments may be gone and no new one made: the writer cannot go on, and the log stops.
            writer.withLock { $0.abandon() }
            let stopped = WALError(
                .durabilityUnavailable, "write-ahead log stopped: \(error.message)", storageError: error.storageError)
            stop(after: stopped)
            return .failure(stopped)
        }
    }

    private func resetSegments(after lsn: UInt64) -> Result<Void, WALError> {
        writer.withLock { $0.close() }
        var resetOptions = options
        resetOptions.snapshotLSN = lsn
        resetOptions.epoch = max(options.epoch, lastEpoch)
        do {
            for (name, _) in SegmentName.segments(in: try storage.listDirectory(directory)) {
                try storage.remove(SegmentName.path(directory, name))
            }
            try storage.syncDirectory(directory)
        } catch {
            return .failure(WALError.storage(error, "cannot reset the log"))
        }
        let freshCRC: UInt32
        do {
            let fresh = try SegmentWriter(
                directory: directory, storage: storage, options: resetOptions, tail: nil, lastTimestampMillis: nil)
            freshCRC = fresh.lastFrameCRC
            writer.withLock { $0 = fresh }
        } catch {
            return .failure(error)
        }
        state.withLock { state in
            state.durableLSN = lsn
            state.durableFrameCRC = freshCRC
            state.firstLSN = lsn + 1
            state.activeSegmentFirstLSN = lsn + 1
            state.ring = FrameRing(framesMax: options.tailRingFramesMax, bytesMax: options.tailRingBytesMax)
        }
        return .success(())
    }
}

extension WriteAheadLog {
    /// The CRC of the last frame's header (the next frame chains to it); 0 in an empty log.
    public var lastFrameCRC: UInt32 { writer.withLock { $0.lastFrameCRC } }

    /// The last durable LSN and the header CRC of the frame that ends there, read together: a follower whose log
    /// ends at the same LSN with the same CRC holds this log's history.
    public var durableTip: (lsn: UInt64, frameCRC: UInt32) { state.withLock { ($0.durableLSN, $0.durableFrameCRC) } }
}
