import Core
import WAL

extension Maintenance {
    /// Checks every checksum (the whole log is read on a scratch copy, so the folder itself is never changed), that
    /// every snapshot decodes and equals the replayed state at its LSN, that every archive file the state names is
    /// whole and holds what the log recorded, and that no two confirmed bookings of one technician overlap. The replay starts at LSN 1 when the log is complete, else from the oldest snapshot at or
    /// after the record before the log's first (older segments were pruned).
    public static func verify(dataDirectory: String, scratch: String, storage: any WALStorage = PosixStorage())
        throws -> VerifyReport
    {
        var report = VerifyReport()
        let copied = try DataCopy.copyData(from: dataDirectory, to: scratch, storage: storage)
        report.segments = copied.segments
        let store = SnapshotStore(directory: scratch + "/snapshots", storage: storage)
        var snapshots: [UInt64: EngineState] = [:]
        for lsn in try store.lsns() {
            switch try store.load(lsn: lsn) {
            case .success(let state): snapshots[lsn] = state
            case .failure(let error):
                report.problems.append("damaged snapshot: \(SnapshotStore.fileName(lsn: lsn)): \(error.reason)")
            }
        }
        report.snapshotLSN = snapshots.keys.max() ?? 0
        var options = WALOptions()
        options.durability = .none
        options.adoptsLogEpoch = true
        options.snapshotLSN = report.snapshotLSN
        let (wal, recovery) = try WriteAheadLog.open(
            directory: scratch + "/wal",
            storage: storage,
            options: options
        ) { _, _ in }
        if recovery.droppedBytes > 0 {
            report.problems.append(
                "torn tail: \(recovery.droppedBytes) bytes at the end of the log were never acknowledged")
        }
        report.firstLSN = recovery.firstLSN
        report.records = recovery.recordCount
        for lsn in snapshots.keys.sorted() where lsn > recovery.lastLSN {
            report.problems.append("snapshot \(lsn) is ahead of the log, which ends at LSN \(recovery.lastLSN)")
        }
        var state = EngineState()
        if recovery.firstLSN > 1 {
            // `open` accepted the start, so the newest snapshot at least reaches the record before it.
            guard let base = snapshots.keys.filter({ $0 + 1 >= recovery.firstLSN }).min(), let loaded = snapshots[base]
            else {
                preconditionFailure("the log opened without a snapshot before its first LSN")
            }
            state = loaded
            report.baseSnapshotLSN = base
        }
        try replay(wal, into: &state, snapshots: snapshots, report: &report)
        report.bookings = state.ledger.bookings.count
        // The archive files are read where they are (only read).
        let archive = ArchiveStore(directory: dataDirectory + "/" + ArchiveStore.folderName, storage: storage)
        for file in state.ledger.archive {
            if case .failure(let error) = archive.check(name: file.name, digest: file.contentDigest) {
                report.problems.append("archive file \(file.name): \(error.reason)")
            }
            report.archivedBookings += file.count
        }
        for (first, second) in state.overlappingBookings() {
            report.problems.append("bookings \(first.id) and \(second.id) of \(first.staffID) overlap")
        }
        return report
    }

    /// Replays the log after `state`, comparing each snapshot passed on the way.
    private static func replay(
        _ wal: WriteAheadLog, into state: inout EngineState, snapshots: [UInt64: EngineState],
        report: inout VerifyReport
    ) throws {
        var cursor = try wal.records(from: state.appliedLSN + 1)
        while let record = try cursor.next() {
            try state.apply(try EventCodec.decode(record.payload), lsn: record.lsn)
            report.replayedRecords += 1
            if let saved = snapshots[record.lsn], saved.digest() != state.digest() {
                report.problems.append("snapshot \(saved.appliedLSN) differs from the replayed log")
            }
        }
    }
}
