import Core
import Foundation
import Node
import Testing
import WAL
import WALTesting

/// A node with tiny segments and frequent snapshots: the log is pruned (or archived) as it goes.
struct RetentionRun {
    let directory: String
    let options: NodeOptions
    let salon: NodeFixture
    /// Each booking and its frame time (Unix milliseconds), in order.
    let bookings: [(id: BookingID, millis: Int64)]
    let digest: UInt64

    static let clockStart: Int64 = 1_800_000_000_000

    /// Opens a node with 4 KiB segments and a frame clock one second further per booking, makes `count` bookings
    /// with a snapshot every `snapshotEvery`, and closes it.
    static func make(archive: Bool, count: Int, snapshotEvery: Int) async throws -> RetentionRun {
        let directory = NodeFixture.directory()
        let clock = SharedValue(clockStart)
        var options = NodeOptions()
        options.segmentSizeBytes = 4096
        options.durability = .none
        options.frameClock = { clock.current }
        options.archiveDirectory = archive ? directory + "/archive" : nil
        let node = try Node.open(dataDirectory: directory, options: options)
        let salon = try await NodeFixture.make(node, directory: directory)
        var bookings: [(id: BookingID, millis: Int64)] = []
        for slot in 0..<count {
            let millis = clock.update {
                $0 += 1000
                return $0
            }
            bookings.append((try await salon.book(node, slot: slot).id, millis))
            if (slot + 1) % snapshotEvery == 0 {
                try node.takeSnapshot()
            }
        }
        let digest = node.engine.store.read { $0.digest() }
        await node.close()
        return RetentionRun(directory: directory, options: options, salon: salon, bookings: bookings, digest: digest)
    }

    /// First LSNs of the segments in `folder` (`wal` or `archive`), in order.
    func segmentLSNs(_ folder: String) throws -> [UInt64] {
        let names = (try? PosixStorage().listDirectory(directory + "/" + folder)) ?? []
        return names.compactMap(SegmentName.firstLSN(of:)).sorted()
    }

    /// The snapshots kept, newest first.
    func snapshotLSNs() throws -> [UInt64] {
        try SnapshotStore(directory: directory + "/snapshots", storage: PosixStorage()).lsns()
    }

    /// Which of the bookings a folder holds.
    func held(in folder: String) async throws -> [Bool] {
        let node = try Node.open(dataDirectory: folder)
        let held = bookings.map { node.engine.booking($0.id, merchantID: salon.merchant.id) != nil }
        await node.close()
        return held
    }
}

@Suite("Node: log retention and archive", .serialized)
struct NodeRetentionTests {
    @Test("old segments are deleted after snapshots; restart, fall back, verify, backup and restore still work")
    func pruneByDeleting() async throws {
        let run = try await RetentionRun.make(archive: false, count: 240, snapshotEvery: 60)
        let wal = try run.segmentLSNs("wal")
        let snapshots = try run.snapshotLSNs()
        #expect(snapshots.count == 2 && wal.count >= 2, "\(wal) \(snapshots)")
        #expect(wal[0] > 1 && wal[0] <= snapshots[1] + 1 && wal[0] > snapshots[1] - 60, "\(wal) \(snapshots)")
        #expect(try run.segmentLSNs("archive").isEmpty)

        let reopened = try Node.open(dataDirectory: run.directory, options: run.options)
        #expect(reopened.startup.snapshotLSN == snapshots[0] && reopened.log.wal.firstLSN == wal[0])
        #expect(reopened.engine.store.read { $0.digest() } == run.digest)
        await reopened.close()

        let verified = try Maintenance.verify(dataDirectory: run.directory, scratch: NodeFixture.directory())
        #expect(verified.problems.isEmpty, "\(verified.problems)")
        #expect(verified.firstLSN == wal[0] && verified.baseSnapshotLSN == snapshots[1] && verified.bookings == 240)

        let backup = NodeFixture.directory() + "/backup"
        let copied = try Maintenance.backup(dataDirectory: run.directory, into: backup)
        #expect(copied.snapshotLSNs == snapshots && copied.firstLSN == wal[0])
        let target = run.bookings[209].millis + 500
        let restored = NodeFixture.directory() + "/restored"
        let report = try await Maintenance.restore(
            from: backup, into: restored, to: .time(millis: target), scratch: NodeFixture.directory())
        #expect(report.snapshotLSN == snapshots[1] && report.lastTimestampMillis == run.bookings[209].millis)
        #expect(try await run.held(in: restored) == (0..<240).map { $0 <= 209 })
        let restoredCheck = try Maintenance.verify(dataDirectory: restored, scratch: NodeFixture.directory())
        #expect(restoredCheck.problems.isEmpty && restoredCheck.firstLSN == snapshots[1] + 1)

        await #expect(throws: NodeError.self) {
            _ = try await Maintenance.restore(
                from: backup, into: NodeFixture.directory() + "/early", to: .time(millis: run.bookings[10].millis),
                scratch: NodeFixture.directory())
        }

        let newest = run.directory + "/snapshots/" + SnapshotStore.fileName(lsn: snapshots[0])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: newest))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: newest))
        let fallback = try Node.open(dataDirectory: run.directory, options: run.options)
        #expect(fallback.startup.snapshotLSN == snapshots[1] && fallback.startup.skippedSnapshots.count == 1)
        #expect(fallback.engine.store.read { $0.digest() } == run.digest)
        await fallback.close()
    }

    @Test("old segments are archived; restore reaches times before the oldest snapshot from DIR/archive or archive:")
    func pruneByArchiving() async throws {
        let run = try await RetentionRun.make(archive: true, count: 160, snapshotEvery: 16)
        let wal = try run.segmentLSNs("wal")
        let archived = try run.segmentLSNs("archive")
        #expect(wal[0] > 1 && archived.first == 1 && (archived.last ?? .max) < wal[0], "\(archived) \(wal)")

        let verified = try Maintenance.verify(dataDirectory: run.directory, scratch: NodeFixture.directory())
        #expect(verified.problems.isEmpty && verified.bookings == 160, "\(verified.problems)")

        let early = run.bookings[10].millis + 500
        let fromFolder = NodeFixture.directory() + "/from-folder"
        let report = try await Maintenance.restore(
            from: run.directory, into: fromFolder, to: .time(millis: early), scratch: NodeFixture.directory())
        #expect(report.snapshotLSN == nil)
        #expect(try await run.held(in: fromFolder) == (0..<160).map { $0 <= 10 })

        let backup = NodeFixture.directory() + "/backup"
        _ = try Maintenance.backup(dataDirectory: run.directory, into: backup)
        let fromBackup = NodeFixture.directory() + "/from-backup"
        _ = try await Maintenance.restore(
            from: backup, into: fromBackup, to: .time(millis: run.bookings[40].millis),
            scratch: NodeFixture.directory(),
            archive: run.directory + "/archive")
        #expect(try await run.held(in: fromBackup) == (0..<160).map { $0 <= 40 })
        let whole = NodeFixture.directory() + "/whole"
        _ = try await Maintenance.restore(
            from: run.directory, into: whole, to: .lsn(.max), scratch: NodeFixture.directory())
        let node = try Node.open(dataDirectory: whole)
        #expect(node.engine.store.read { $0.digest() } == run.digest)
        await node.close()
    }

    @Test("an online backup taken while the node snapshots and prunes opens to a consistent prefix")
    func backupWhilePruning() async throws {
        let directory = NodeFixture.directory()
        var options = NodeOptions()
        options.segmentSizeBytes = 4096
        options.durability = .none
        let node = try Node.open(dataDirectory: directory, options: options)
        let salon = try await NodeFixture.make(node, directory: directory)
        for slot in 0..<40 { _ = try await salon.book(node, slot: slot) }
        let before = node.engine.store.read { Set($0.ledger.bookings.keys) }
        let backups = (0..<3).map { NodeFixture.directory() + "/backup-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for slot in 40..<240 {
                    _ = try await salon.book(node, slot: slot)
                    if slot % 10 == 0 { try node.takeSnapshot() }
                }
            }
            group.addTask {
                for backup in backups {
                    try await Task.sleep(for: .milliseconds(10))
                    _ = try Maintenance.backup(dataDirectory: directory, into: backup)
                }
            }
            try await group.waitForAll()
        }
        await node.close()
        for backup in backups {
            let copy = try Node.open(dataDirectory: backup)
            #expect(before.isSubset(of: copy.engine.store.read { Set($0.ledger.bookings.keys) }))
            await copy.close()
            let report = try Maintenance.verify(dataDirectory: backup, scratch: NodeFixture.directory())
            #expect(report.problems.filter { !$0.hasPrefix("torn tail") }.isEmpty, "\(report.problems)")
        }
    }
}
