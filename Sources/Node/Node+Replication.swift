import Core
import WAL

/// A node as a follower: storing its leader's frames, loading its leader's snapshot, and being promoted.
extension Node {
    /// Stores verified frames from the leader in this node's log (one fsync for all of them), applies their new
    /// records, and mirrors the staff schedules so that availability on this node matches its state.
    public func storeReplicated(_ frames: [(frame: LogFrame, records: [FrameRecord])]) async throws {
        let applied = engine.store.read { $0.appliedLSN }
        var events: [EngineEvent] = []
        for frame in frames {
            for record in frame.records where record.lsn > applied {
                events.append(try EventCodec.decode(record.payload))
            }
        }
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

    /// Replaces this node's state and log with the leader's snapshot file (verified first); returns its LSN.
    public func replaceState(withSnapshotFile bytes: [UInt8]) async throws -> UInt64 {
        let state = try SnapshotFile.decode(bytes).get()
        try snapshots.writeFile(bytes, lsn: state.appliedLSN)
        try await log.wal.reset(toEmptyAfter: state.appliedLSN)
        engine.store.replace(with: state)
        engine.rebuildSchedules()
        return state.appliedLSN
    }

    /// Promotion: every later write carries a new epoch, one above any in the log; returns it.
    public func promote() async throws -> UInt64 {
        let epoch = log.wal.lastEpoch + 1
        try await log.wal.raiseEpoch(to: epoch)
        engine.rebuildSchedules()
        return epoch
    }
}
