import Core
import Foundation
import Node
import Testing
import WAL

/// A former leader that wrote records the group's next leader never had (failover through etcd): its next start
/// cuts them (and the snapshots after them), keeps them aside, and comes back fenced at the group's history.
@Suite("Diverged node")
struct DivergedNodeTests {
    static let fence = LogFence(epoch: 1, leaderURL: "http://new-leader:8080")

    @Test("a start that cuts the diverged tail ends at the kept LSN with the state it had there, fenced")
    func cutOnStart() async throws {
        let directory = NodeFixture.directory()
        let node = try Node.open(dataDirectory: directory)
        let salon = try await NodeFixture.make(node, directory: directory)
        for slot in 0..<5 { _ = try await salon.book(node, slot: slot) }
        let keep = node.log.wal.durableLSN
        let digest = node.engine.store.read { $0.digest() }
        for slot in 5..<12 { _ = try await salon.book(node, slot: slot) }
        let end = node.log.wal.durableLSN
        _ = try node.takeSnapshot()  // a snapshot that holds the diverged bookings
        try node.recordDiverged(Self.fence, keepThrough: keep)
        await node.close()

        let record = try LeadershipRecord.load(dataDirectory: directory, storage: PosixStorage())
        #expect(record == .diverged(Self.fence, keepThrough: keep))
        let startup = StartupRole.decide(follow: nil, record: record)
        #expect(startup == .fenced(Self.fence, lsn: keep))
        var options = NodeOptions()
        startup.configure(&options)
        options.cutsDivergedTail = true
        let cut = try Node.open(dataDirectory: directory, options: options)
        #expect(cut.startup.divergedCut.records == end - keep)
        #expect(!cut.startup.divergedCut.brokenFiles.isEmpty && cut.startup.divergedSnapshots.count == 1)
        #expect(cut.log.wal.durableLSN == keep)
        #expect(cut.engine.store.read { $0.digest() } == digest)
        #expect(
            try LeadershipRecord.load(dataDirectory: directory, storage: PosixStorage())
                == .fenced(Self.fence, lsn: keep))
        await #expect(throws: DurabilityError.self) { _ = try await salon.bookThrowingDurability(cut, slot: 40) }
        await cut.close()

        // The next start (fenced, nothing left to cut) sees the same.
        var again = NodeOptions()
        StartupRole.decide(follow: nil, record: .fenced(Self.fence, lsn: keep)).configure(&again)
        let reopened = try Node.open(dataDirectory: directory, options: again)
        #expect(reopened.log.wal.durableLSN == keep && reopened.startup.divergedCut == DivergedTailCut())
        #expect(reopened.engine.store.read { $0.digest() } == digest)
        await reopened.close()
    }

    @Test("a node whose log ends before the new epoch's first LSN cuts nothing and is fenced at its end")
    func nothingToCut() async throws {
        let directory = NodeFixture.directory()
        let node = try Node.open(dataDirectory: directory)
        let salon = try await NodeFixture.make(node, directory: directory)
        for slot in 0..<3 { _ = try await salon.book(node, slot: slot) }
        let end = node.log.wal.durableLSN
        let digest = node.engine.store.read { $0.digest() }
        await node.close()
        var options = NodeOptions()
        StartupRole.fenced(Self.fence, lsn: end + 10).configure(&options)
        options.cutsDivergedTail = true
        let opened = try Node.open(dataDirectory: directory, options: options)
        #expect(opened.startup.divergedCut == DivergedTailCut() && opened.startup.divergedSnapshots.isEmpty)
        #expect(opened.log.wal.durableLSN == end && opened.engine.store.read { $0.digest() } == digest)
        #expect(
            try LeadershipRecord.load(dataDirectory: directory, storage: PosixStorage())
                == .fenced(Self.fence, lsn: end))
        await opened.close()
    }
}
