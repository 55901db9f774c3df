import Core

/// Operator tools on data folders: verify, online backup, point-in-time restore.
public enum Maintenance {
    /// What `verify` found.
    public struct VerifyReport: Sendable {
        /// Records in the log.
        public var records: UInt64 = 0
        /// Segment files.
        public var segments = 0
        /// The newest snapshot's LSN (0 when none).
        public var snapshotLSN: UInt64 = 0
        /// Bookings in the replayed state.
        public var bookings = 0
        /// Every problem found; empty means the folder is sound.
        public var problems: [String] = []
    }

    /// Checks every checksum (a full replay from LSN 1 on a scratch copy, so the folder itself is never changed),
    /// that the newest snapshot equals the replayed state at its LSN, and that no two confirmed bookings of one
    /// technician overlap.
    public static func verify(dataDirectory: String, scratch: String, storage: any WALStorage = PosixStorage())
        throws -> VerifyReport
    {
        var report = VerifyReport()
        let copied = try DataCopy.copyData(from: dataDirectory, to: scratch, storage: storage)
        report.segments = copied.segments
        let snapshot = try SnapshotStore(directory: scratch + "/snapshots", storage: storage).loadNewest()
        report.problems += snapshot.skipped.map { "damaged snapshot: \($0)" }
        report.snapshotLSN = snapshot.state?.appliedLSN ?? 0
        var options = WALOptions()
        options.durability = .none
        let (wal, recovery) = try WriteAheadLog.open(
            directory: scratch + "/wal",
            storage: storage,
            options: options
        ) { _, _ in }
        if recovery.droppedBytes > 0 {
            report.problems.append(
                "torn tail: \(recovery.droppedBytes) bytes at the end of the log were never acknowledged")
        }
        var state = EngineState()
        var cursor = try wal.records(from: 1)
        while let record = try cursor.next() {
            try state.apply(try EventCodec.decode(record.payload), lsn: record.lsn)
            report.records += 1
            if let saved = snapshot.state, record.lsn == saved.appliedLSN, saved.digest() != state.digest() {
                report.problems.append("snapshot \(saved.appliedLSN) differs from the replayed log")
            }
        }
        report.bookings = state.ledger.bookings.count
        for (first, second) in state.overlappingBookings() {
            report.problems.append("bookings \(first.id) and \(second.id) of \(first.staffID) overlap")
        }
        return report
    }

    /// What `backup` copied.
    public struct BackupReport: Sendable {
        /// Segment files copied.
        public var segments: Int
        /// The snapshot copied, if any.
        public var snapshotLSN: UInt64?
        /// Bytes copied.
        public var bytes: Int
    }

    /// Copies a data folder, even while its server runs: the newest snapshot, then every segment as it stands.
    public static func backup(dataDirectory: String, into target: String, storage: any WALStorage = PosixStorage())
        throws -> BackupReport
    {
        guard (try? storage.listDirectory(target))?.isEmpty ?? true else {
            throw NodeError("\(target) is not empty")
        }
        let copied = try DataCopy.copyData(from: dataDirectory, to: target, storage: storage)
        return BackupReport(segments: copied.segments, snapshotLSN: copied.snapshotLSN, bytes: copied.bytes)
    }

    /// How far a restore goes.
    public enum RestoreTarget: Sendable {
        /// Every record up to and including this LSN.
        case lsn(UInt64)
        /// Every record whose frame was written at or before this instant (Unix milliseconds).
        case time(millis: Int64)
    }

    /// What `restore` built.
    public struct RestoreReport: Sendable {
        /// The last LSN in the new folder.
        public var lastLSN: UInt64 = 0
        /// When that record was written (Unix milliseconds), if any.
        public var lastTimestampMillis: Int64?
        /// Bookings in the restored state.
        public var bookings = 0
    }
}
