import Core
import Synchronization

extension Maintenance {
    /// Builds a new data folder holding the state as of `limit`: the source's records up to it are written into a
    /// fresh log with their original LSNs and frame times (so the new folder can itself be restored to a time),
    /// then a snapshot is taken. The source (a backup or a data folder) is read from a scratch copy, never changed.
    public static func restore(
        from source: String,
        into target: String,
        to limit: RestoreTarget,
        scratch: String,
        storage: any WALStorage = PosixStorage()
    ) async throws -> RestoreReport {
        guard (try? storage.listDirectory(target))?.isEmpty ?? true else { throw NodeError("\(target) is not empty") }
        _ = try DataCopy.copyData(from: source, to: scratch, storage: storage)
        try storage.createDirectory(target)
        var sourceOptions = WALOptions()
        sourceOptions.durability = .none
        let (sourceLog, _) = try WriteAheadLog.open(
            directory: scratch + "/wal",
            storage: storage,
            options: sourceOptions
        ) { _, _ in }
        let frameTime = Mutex<Int64>(0)
        var targetOptions = WALOptions()
        targetOptions.clock = { frameTime.withLock { $0 } }
        let (targetLog, _) = try WriteAheadLog.open(
            directory: target + "/wal",
            storage: storage,
            options: targetOptions
        ) { _, _ in }
        var report = RestoreReport()
        var cursor = try sourceLog.records(from: 1)
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
        let node = try Node.open(dataDirectory: target, options: NodeOptions())
        report.bookings = node.engine.store.read { $0.ledger.bookings.count }
        if report.lastLSN > 0 { try node.takeSnapshot() }
        await node.close()
        return report
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
}
