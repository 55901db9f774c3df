import Core
import WAL

/// A node as a follower: storing its leader's frames, loading its leader's snapshot, and being promoted.
extension Node {
    /// Stores verified frames from the leader in this node's log (one fsync for all of them), applies their new
    /// records, and mirrors the staff schedules so that availability on this node matches its state.
    public func storeReplicated(_ frames: [(frame: LogFrame, records: [FrameRecord])]) async throws {
        let applied = engine.store.appliedLSN
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

    /// Promotion of a follower's read-only log: every later write carries a new epoch, one above any in the log,
    /// and the identifier generator moves past every id in the state and the clock, so that new ids cannot collide
    /// with the old leader's; returns the epoch. Promotions are serialised by the log: a second one (or one of a
    /// node that is not a follower) fails with `notReadOnly` and changes nothing.
    public func promote() async throws(WALError) -> UInt64 {
        let epoch = try await log.wal.promote()
        let largest = engine.store.read { $0.largestID() }
        engine.ids.raise(past: max(largest, UInt64(max(WALClock.wallClockMillis(), 0)) << 16))
        engine.rebuildSchedules()
        return epoch
    }
}
