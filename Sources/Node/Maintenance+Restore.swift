import Core
import Synchronization
import WAL

extension Maintenance {
    /// Builds a new data folder holding the state as of `limit`. The source's log is its `wal` folder plus the
    /// segments it no longer holds found in `SOURCE/archive` (when present) and in `archive`. When that log starts at
    /// LSN 1, its records up to the limit are written into a fresh log with their original LSNs and frame times (so
    /// the new folder can itself be restored to a time); when it starts later (pruned), the new folder starts from
    /// the newest source snapshot within the limit that the log continues, and its log holds the records after that
    /// snapshot. Then a snapshot is taken. The source (a backup or a data folder) is read from a scratch copy, never
    /// changed. A restored folder is a new history: its log is written at epoch 0.
    public static func restore(
        from source: String,
        into target: String,
        to limit: RestoreTarget,
        scratch: String,
        archive: String? = nil,
        storage: any WALStorage = PosixStorage()
    ) async throws -> RestoreReport {
        guard (try? storage.listDirectory(target))?.isEmpty ?? true else {
            throw NodeError(.targetNotEmpty, "\(target) is not empty")
        }
        var archives = [source + "/archive"].filter { (try? storage.listDirectory($0)) != nil }
        archives += [archive].compactMap { $0 }
        let copied = try DataCopy.copyData(from: source, to: scratch, archives: archives, storage: storage)
        var sourceOptions = WALOptions()
        sourceOptions.durability = .none
        sourceOptions.adoptsLogEpoch = true
        sourceOptions.snapshotLSN = copied.snapshotLSNs.first ?? 0
        let (sourceLog, _) = try WriteAheadLog.open(
            directory: scratch + "/wal",
            storage: storage,
            options: sourceOptions
        ) { _, _ in }
        if case .lsn(let last) = limit, last != .max, last > sourceLog.durableLSN {
            await sourceLog.close()
            throw NodeError(
                .targetBeyondLog, "LSN \(last) is beyond the source's last record, LSN \(sourceLog.durableLSN)")
        }
        let snapshots = SnapshotStore(directory: scratch + "/snapshots", storage: storage)
        let base = try restoreBase(sourceLog, snapshots: snapshots, lsns: copied.snapshotLSNs, limit: limit)
        try storage.createDirectory(target)
        let archiveFolder = "/" + ArchiveStore.folderName
        for name in (try? storage.listDirectory(scratch + archiveFolder)) ?? [] where name.hasSuffix(".nba") {
            _ = try DataCopy.copyFile(scratch + archiveFolder + "/" + name, into: target + archiveFolder, name, storage)
        }
        if let base {
            let name = SnapshotStore.fileName(lsn: base)
            _ = try DataCopy.copyFile(scratch + "/snapshots/" + name, into: target + "/snapshots", name, storage)
        }
        var report = RestoreReport()
        report.snapshotLSN = base
        report.lastLSN = base ?? 0
        try await copyRecords(from: sourceLog, after: base ?? 0, into: target, to: limit, report: &report, storage)
        await sourceLog.close()
        let node = try Node.open(dataDirectory: target, options: NodeOptions())
        report.bookings = node.engine.store.read { $0.ledger.bookings.count }
        if report.lastLSN > 0 { try node.takeSnapshot() }
        await node.close()
        return report
    }

    /// Writes the source's records after `lsn` up to the limit into a fresh log in `target`, starting at `lsn + 1`,
    /// grouped into frames by their original frame times.
    private static func copyRecords(
        from sourceLog: WriteAheadLog, after lsn: UInt64, into target: String, to limit: RestoreTarget,
        report: inout RestoreReport, _ storage: any WALStorage
    ) async throws {
        let frameTime = Mutex<Int64>(0)
        var targetOptions = WALOptions()
        targetOptions.clock = { frameTime.withLock { $0 } }
        targetOptions.snapshotLSN = lsn
        let (targetLog, _) = try WriteAheadLog.open(
            directory: target + "/wal",
            storage: storage,
            options: targetOptions
        ) { _, _ in }
        var cursor = try sourceLog.records(from: lsn + 1)
        var group: [[UInt8]] = []
        var groupBytes = 0
        func flush() async throws {
            guard !group.isEmpty else { return }
            _ = try await targetLog.append(contentsOf: group)
            group = []
            groupBytes = 0
        }
        while let record = try cursor.next() {
            let time = cursor.frameTimestampMillis
            if limit.excludes(lsn: record.lsn, timeMillis: time) { break }
            if time != report.lastTimestampMillis || group.count == targetOptions.batchRecordsMax
                || groupBytes + record.payload.count + 4 > targetOptions.batchBytesMax
            {
                try await flush()
                frameTime.withLock { $0 = time }
            }
            group.append(record.payload)
            groupBytes += record.payload.count + 4
            report.lastLSN = record.lsn
            report.lastTimestampMillis = time
        }
        try await flush()
        await targetLog.close()
    }

    /// The snapshot a restore starts from: none when the log is complete (it starts at LSN 1); else the newest one
    /// that decodes, lies within the limit, and that the log continues (at or after the record before its first).
    private static func restoreBase(
        _ log: WriteAheadLog, snapshots: SnapshotStore, lsns: [UInt64], limit: RestoreTarget
    ) throws -> UInt64? {
        let first = log.firstLSN
        guard first > 1 else { return nil }
        for lsn in lsns where lsn + 1 >= first && lsn <= log.durableLSN {
            guard try limit.includes(snapshotLSN: lsn, log: log) else { continue }
            if case .success = try snapshots.load(lsn: lsn) { return lsn }
        }
        throw NodeError(
            .archiveNeeded,
            "the log starts at LSN \(first) and no snapshot it continues lies within the target: the restore needs "
                + "the archive of older segments (SOURCE/archive, or the archive argument)")
    }
}

extension Maintenance.RestoreTarget {
    /// Whether a record at `lsn`, written at `timeMillis`, lies beyond the target.
    func excludes(lsn: UInt64, timeMillis: Int64) -> Bool {
        switch self {
        case .lsn(let last): return lsn > last
        case .time(let millis): return timeMillis > millis
        }
    }

    /// Whether the state at snapshot `lsn` lies within the target. Frame times never go backwards, so for a time it
    /// does when the record at `lsn` (or, for the record just before the log's first, that first one) was written
    /// at or before it.
    func includes(snapshotLSN lsn: UInt64, log: WriteAheadLog) throws -> Bool {
        switch self {
        case .lsn(let last):
            return lsn <= last
        case .time(let millis):
            var cursor = try log.records(from: max(lsn, log.firstLSN))
            guard try cursor.next() != nil else { return false }
            return cursor.frameTimestampMillis <= millis
        }
    }
}
