import Core
import WAL

/// A node as a follower: storing its leader's frames, loading its leader's snapshot, and being promoted.
extension Node {
    /// Stores verified frames from the leader in this node's log (one fsync for all of them), applies their new
    /// records, and mirrors the staff schedules so that availability on this node matches its state. A frame that
    /// archives bookings starts a new group: the frames before it are stored and applied first, then its archive
    /// file is made sure of from the state just before it (the leader computed it there too).
    public func storeReplicated(_ frames: [(frame: LogFrame, records: [FrameRecord])]) async throws {
        var group: [(frame: LogFrame, records: [FrameRecord], events: [EngineEvent])] = []
        let applied = engine.store.appliedLSN
        for frame in frames {
            var events: [EngineEvent] = []
            for record in frame.records where record.lsn > applied {
                events.append(try EventCodec.decode(record.payload))
            }
            let batches = events.compactMap { event -> ArchiveBatch? in
                guard case .bookingsArchived(let batch) = event else { return nil }
                return batch
            }
            if !batches.isEmpty {
                try await storeGroup(group)
                group = []
                for batch in batches {
                    try archive.ensure(batch) { engine.archiveContent(for: batch) }
                }
            }
            group.append((frame.frame, frame.records, events))
        }
        try await storeGroup(group)
    }

    private func storeGroup(_ group: [(frame: LogFrame, records: [FrameRecord], events: [EngineEvent])]) async throws {
        guard !group.isEmpty else { return }
        let frames = group.map { (frame: $0.frame, records: $0.records) }
        let events = group.flatMap(\.events)
        let changes = engine.store.read { ScheduleMirror.changes(for: events, before: $0) }
        do {
            try await log.wal.appendReplicated(frames)
        } catch {
            // The frames before a refused one were stored and applied: make the schedules match the state again.
            engine.rebuildSchedules()
            throw error
        }
        await engine.mirror(changes)
    }

    /// Replaces this node's state and log with the leader's snapshot file (verified first); returns its LSN. The
    /// archive files the snapshot names that this node lacks are handed to `fetchArchiveFiles` first (they hold
    /// bookings the snapshot no longer has), so that no read finds the new state without them.
    public func replaceState(
        withSnapshotFile bytes: [UInt8], fetchArchiveFiles: ([ArchivedFile]) async throws -> Void = { _ in }
    ) async throws -> UInt64 {
        let state = try SnapshotFile.decode(bytes).get()
        try await fetchArchiveFiles(archive.missing(of: state.ledger.archive))
        try snapshots.writeFile(bytes, lsn: state.appliedLSN)
        try await log.wal.reset(toEmptyAfter: state.appliedLSN)
        engine.store.replace(with: state)
        engine.rebuildSchedules()
        return state.appliedLSN
    }

    /// Promotion of a follower's read-only log (or of a fenced former leader's): every later write carries a new
    /// epoch, above any in the log and its fence and at least `minimumEpoch`, and the identifier generator moves
    /// past every id in the state and the clock, so that new ids cannot collide with the old leader's; returns the
    /// epoch. The epoch is recorded in `DIR/leadership` first (a failure there refuses the promotion with `storage`
    /// before the log changes), so a restart without `--follow` continues as the leader. Promotions are serialised
    /// by the log: a second one (or one of a node that is not a follower) fails with `notReadOnly`.
    public func promote(minimumEpoch: UInt64 = 0) async throws(WALError) -> UInt64 {
        let wal = log.wal
        // One promotion at a time: a second one must not record an epoch in DIR/leadership that the log never
        // takes (nor race the first one's write of that file).
        guard
            promotionInFlight.withLock({ running in
                defer { running = true }
                return !running
            })
        else { throw WALError(.notReadOnly, "another promotion is in progress") }
        defer { promotionInFlight.withLock { $0 = false } }
        guard wal.isReadOnly || wal.fence != nil else {
            throw WALError(.notReadOnly, "the log takes local writes already: it was promoted before")
        }
        let planned = max(minimumEpoch, wal.lastEpoch + 1, (wal.fence?.epoch ?? 0) + 1)
        try record(.leader(epoch: planned), "cannot record the promotion")
        let epoch = try await wal.promote(minimumEpoch: planned)
        if epoch != planned { try record(.leader(epoch: epoch), "cannot record the promotion") }
        let largest = engine.store.read { $0.largestID() }
        engine.ids.raise(past: max(largest, UInt64(max(WALClock.wallClockMillis(), 0)) << 16))
        engine.rebuildSchedules()
        return epoch
    }

    /// This fenced node's log goes past `keepThrough`, where the group's new leader continues with other records:
    /// records that the next start cuts (see ``NodeOptions/cutsDivergedTail``). The node must restart for it.
    public func recordDiverged(_ fence: LogFence, keepThrough: UInt64) throws(WALError) {
        try record(.diverged(fence, keepThrough: keepThrough), "cannot record the divergence")
    }

    private func record(_ record: LeadershipRecord, _ message: String) throws(WALError) {
        do {
            try record.save(dataDirectory: dataDirectory, storage: options.storage)
        } catch {
            throw WALError.storage(error, "\(message) in \(LeadershipRecord.fileName)")
        }
    }

    /// A newer leader took over: fences the log (see `WriteAheadLog.fence(_:)`: no local write is acknowledged
    /// after this returns) and records the fence in `DIR/leadership`, so that a restart without `--follow` comes
    /// back fenced, not as a leader; returns the log's last LSN, which the new leader must hold before it writes.
    /// The same fence again answers the same LSN. A failure to record it throws `storage` (the log stays fenced).
    public func fence(_ fence: LogFence) async throws(WALError) -> UInt64 {
        let lsn = try await log.wal.fence(fence)
        // Still fenced in memory if this fails: the new leader is told nothing and may retry.
        try record(.fenced(fence, lsn: lsn), "fenced, but cannot record the fence")
        return lsn
    }
}
