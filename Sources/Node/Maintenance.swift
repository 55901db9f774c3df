import Core
import WAL

/// Operator tools on data folders: verify, online backup, point-in-time restore.
public enum Maintenance {
    /// What `verify` found.
    public struct VerifyReport: Sendable {
        /// Records in the log (`firstLSN` through its last LSN).
        public var records: UInt64 = 0
        /// LSN of the log's first record: 1, unless older segments were pruned.
        public var firstLSN: UInt64 = 1
        /// Segment files.
        public var segments = 0
        /// The newest snapshot's LSN (0 when none).
        public var snapshotLSN: UInt64 = 0
        /// The snapshot the replay started from (0: from LSN 1, the log being complete).
        public var baseSnapshotLSN: UInt64 = 0
        /// Records replayed after it.
        public var replayedRecords: UInt64 = 0
        /// Bookings in the replayed state.
        public var bookings = 0
        /// Bookings held in archive files.
        public var archivedBookings = 0
        /// Every problem found; empty means the folder is sound.
        public var problems: [String] = []
    }

    /// What `backup` copied.
    public struct BackupReport: Sendable {
        /// Segment files copied.
        public var segments: Int
        /// The newest snapshot copied, if any.
        public var snapshotLSN: UInt64?
        /// Every snapshot copied, newest first.
        public var snapshotLSNs: [UInt64] = []
        /// First LSN of the log copied (1 unless older segments were pruned).
        public var firstLSN: UInt64 = 1
        /// Bytes copied.
        public var bytes: Int
    }

    /// Copies a data folder, even while its server runs: every snapshot kept, then every segment of the log as it
    /// stands (not the archive: give it to `restore` as `SOURCE/archive` or `archive:`).
    public static func backup(dataDirectory: String, into target: String, storage: any WALStorage = PosixStorage())
        throws -> BackupReport
    {
        guard (try? storage.listDirectory(target))?.isEmpty ?? true else {
            throw NodeError(.targetNotEmpty, "\(target) is not empty")
        }
        let existed = (try? storage.listDirectory(target)) != nil
        let copied: DataCopy.Copied
        do {
            copied = try DataCopy.copyData(from: dataDirectory, to: target, storage: storage)
        } catch {
            // No partial backup is left behind to be mistaken for a whole one.
            DataCopy.removeCopy(target, keepingRoot: existed, storage)
            throw NodeError(.storage, "the backup failed and was removed: \(error)", underlying: error)
        }
        return BackupReport(
            segments: copied.segments, snapshotLSN: copied.snapshotLSNs.first, snapshotLSNs: copied.snapshotLSNs,
            firstLSN: copied.firstLSN ?? 1, bytes: copied.bytes)
    }

    /// How far a restore goes.
    public enum RestoreTarget: Sendable {
        /// Every record up to and including this LSN, which must exist in the source (`.max`: every record).
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
        /// The source snapshot the new folder starts from, its log from the next LSN (nil: replayed from LSN 1).
        public var snapshotLSN: UInt64?
    }
}
