import Foundation
import WAL
import WALTesting

/// A write-ahead log opened for the append benchmarks, on one of three media, with a pool of pre-encoded
/// booking-created records (so an iteration times the log, not the codec).
final class AppendFixture: Sendable {
    /// Where the log's bytes go.
    enum Medium: String, Sendable {
        /// `SimulatedStorage` (everything in memory), durability `.none`: the log's own cost, no system calls.
        case memory
        /// Files under /tmp (ext4 on the VM's disk), durability `.none`: `write()` to the page cache, no sync.
        case pageCache = "page cache"
        /// Files under /tmp, durability `.fsync`: acknowledged after the group's `fdatasync`.
        case disk = "durable"
    }

    let log: WriteAheadLog
    let records: [[UInt8]]
    private let scratch: ScratchDirectory?

    static let recordPoolCount = 4_096

    init(medium: Medium) throws {
        var options = WALOptions()
        options.durability = medium == .disk ? .fsync : .none
        let storage: any WALStorage
        switch medium {
        case .memory:
            scratch = nil
            storage = SimulatedStorage(seed: 1)
        case .pageCache, .disk:
            scratch = try ScratchDirectory(under: "/tmp")
            storage = PosixStorage()
        }
        let directory = (scratch?.path ?? "/memory") + "/wal"
        (log, _) = try WriteAheadLog.open(directory: directory, storage: storage, options: options) { _, _ in }
        records = RecordFixture.records(count: Self.recordPoolCount, seed: 7)
    }

    /// `writers` concurrent tasks append `appends` records in all (one at a time each); returns every append's
    /// call-to-return latency in nanoseconds.
    func appendConcurrently(writers: Int, appends: Int) async throws -> [UInt64] {
        precondition(writers > 0 && appends >= writers, "each writer needs at least one append")
        return try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for writer in 0..<writers {
                let share = appends / writers + (writer < appends % writers ? 1 : 0)
                group.addTask { try await self.append(share, startingAt: writer * 97) }
            }
            var latencies: [UInt64] = []
            latencies.reserveCapacity(appends)
            for try await part in group { latencies += part }
            return latencies
        }
    }

    private func append(_ count: Int, startingAt first: Int) async throws -> [UInt64] {
        var latencies: [UInt64] = []
        latencies.reserveCapacity(count)
        for index in first..<(first + count) {
            let started = ContinuousClock.now
            _ = try await log.append(records[index % records.count])
            let elapsed = (ContinuousClock.now - started).components
            latencies.append(UInt64(elapsed.seconds) * 1_000_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000))
        }
        return latencies
    }

    /// Closes the log and deletes its folder.
    func close() async {
        await log.close()
        scratch?.remove()
    }
}
