import Core
import Foundation
import Node
import Testing
import WAL

@Suite("Node: the archive of old bookings on disk", .serialized)
struct ArchiveNodeTests {
    /// A node with `count` bookings, all cancelled but every fifth (completed), and one confirmed.
    static func closedNode(_ directory: String, count: Int) async throws -> (Node, NodeFixture, [BookingID], BookingID)
    {
        let node = try Node.open(dataDirectory: directory)
        let salon = try await NodeFixture.make(node, directory: directory)
        var closed: [BookingID] = []
        for slot in 0..<count {
            let booking = try await salon.book(node, slot: slot)
            if slot % 5 == 0 {
                _ = try await node.engine.completeBooking(
                    booking.id, merchantID: salon.merchant.id, NodeFixture.context
                )
                .get()
            } else {
                _ = try await node.engine.cancelBooking(
                    booking.id, merchantID: salon.merchant.id, reason: "reason \(slot)", NodeFixture.context
                ).get()
            }
            closed.append(booking.id)
        }
        let open = try await salon.book(node, slot: count + 10)
        return (node, salon, closed, open.id)
    }

    static let farFuture = Instant(secondsSinceEpoch: 4_000_000_000)

    @Test("archived bookings leave memory, are read back from their files, and a reopened node agrees")
    func archiveAndReopen() async throws {
        let directory = NodeFixture.directory()
        let (node, salon, closed, open) = try await Self.closedNode(directory, count: 120)
        let histories = closed.map { node.engine.history(of: $0, merchantID: salon.merchant.id)! }
        let report = try await node.archiveBookings(before: Self.farFuture, now: NodeFixture.now)
        #expect(report.bookings == 120 && report.files == ["archive-000001.nba"])
        #expect(node.engine.store.read { $0.ledger.bookings.count } == 1)
        for (id, history) in zip(closed, histories) {
            let archived = try #require(try node.archivedBooking(id, merchantID: salon.merchant.id))
            #expect(archived.history == history)
        }
        #expect(try node.archivedBooking(closed[0], merchantID: MerchantID(424_242)) == nil)
        #expect(try node.archivedBooking(open, merchantID: salon.merchant.id) == nil)
        let manifest = try String(contentsOfFile: node.archive.directory + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains(#""file" : "archive-000001.nba""#) && manifest.contains(#""bookings" : 120"#))
        let digest = node.engine.store.read { $0.digest() }
        await node.close()
        // Replayed from the log.
        let replayed = try Node.open(dataDirectory: directory)
        #expect(replayed.engine.store.read { $0.digest() } == digest)
        try replayed.takeSnapshot()
        await replayed.close()
        // From a snapshot that no longer holds the archived bookings.
        let fromSnapshot = try Node.open(dataDirectory: directory)
        #expect(fromSnapshot.startup.snapshotLSN > 0 && fromSnapshot.engine.store.read { $0.digest() } == digest)
        #expect(try fromSnapshot.archivedBooking(closed[7], merchantID: salon.merchant.id)?.booking.id == closed[7])
        await fromSnapshot.close()
        let verified = try Maintenance.verify(dataDirectory: directory, scratch: NodeFixture.directory())
        #expect(verified.problems.isEmpty && verified.archivedBookings == 120)
    }

    @Test("a replay writes a missing archive file again, byte for byte; verify names a damaged one")
    func replayWritesMissingFile() async throws {
        let directory = NodeFixture.directory()
        let (node, salon, closed, _) = try await Self.closedNode(directory, count: 30)
        _ = try await node.archiveBookings(before: Self.farFuture, now: NodeFixture.now)
        let path = node.archive.directory + "/archive-000001.nba"
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        await node.close()
        try FileManager.default.removeItem(atPath: path)
        let reopened = try Node.open(dataDirectory: directory)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        #expect(try reopened.archivedBooking(closed[3], merchantID: salon.merchant.id) != nil)
        await reopened.close()
        var damaged = original
        damaged[damaged.count - 3] ^= 0xFF
        try damaged.write(to: URL(fileURLWithPath: path))
        let report = try Maintenance.verify(dataDirectory: directory, scratch: NodeFixture.directory())
        #expect(report.problems.contains { $0.contains("archive-000001.nba") })
    }

    @Test("a run that stops after the file but before the record leaves every booking in memory; the next run logs")
    func fileWithoutRecord() async throws {
        struct Crash: Error {}
        let directory = NodeFixture.directory()
        let (node, salon, closed, _) = try await Self.closedNode(directory, count: 10)
        let archive = node.archive
        do {
            _ = try await node.engine.archiveNextBatch(cutoff: Self.farFuture, at: NodeFixture.now) { batch, content in
                try archive.write(content, batch: batch)
                throw Crash()
            }
            Issue.record("the batch was logged")
        } catch {}
        #expect(FileManager.default.fileExists(atPath: archive.directory + "/archive-000001.nba"))
        #expect(node.engine.archivedFiles.isEmpty)
        for id in closed { #expect(node.engine.booking(id, merchantID: salon.merchant.id) != nil) }
        await node.close()
        let reopened = try Node.open(dataDirectory: directory)
        #expect(reopened.engine.archivedFiles.isEmpty)
        let report = try await reopened.archiveBookings(before: Self.farFuture, now: NodeFixture.now)
        #expect(report.files == ["archive-000001.nba"] && report.bookings == 10)
        #expect(try reopened.archivedBooking(closed[9], merchantID: salon.merchant.id) != nil)
        await reopened.close()
    }

    @Test("a backup carries the archive files and a restore to any time reads every booking")
    func backupAndRestore() async throws {
        let directory = NodeFixture.directory()
        let (node, salon, closed, _) = try await Self.closedNode(directory, count: 40)
        _ = try await node.archiveBookings(before: Self.farFuture, now: NodeFixture.now)
        try node.takeSnapshot()
        await node.close()
        let backup = NodeFixture.directory() + "/backup"
        _ = try Maintenance.backup(dataDirectory: directory, into: backup)
        let restored = NodeFixture.directory() + "/restored"
        _ = try await Maintenance.restore(
            from: backup, into: restored, to: .lsn(.max), scratch: NodeFixture.directory())
        let node2 = try Node.open(dataDirectory: restored)
        for id in closed { #expect(try node2.archivedBooking(id, merchantID: salon.merchant.id) != nil) }
        await node2.close()
    }

    @Test("a follower that loads a snapshot lacks the archive files; it knows which to fetch")
    func missingFilesAfterSnapshot() async throws {
        let directory = NodeFixture.directory()
        let (node, _, _, _) = try await Self.closedNode(directory, count: 10)
        _ = try await node.archiveBookings(before: Self.farFuture, now: NodeFixture.now)
        #expect(node.archive.missing(of: node.engine.archivedFiles).isEmpty)
        try FileManager.default.removeItem(atPath: node.archive.directory + "/archive-000001.nba")
        #expect(node.archive.missing(of: node.engine.archivedFiles).map(\.name) == ["archive-000001.nba"])
        await node.close()
    }
}
