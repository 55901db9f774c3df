import Core
import Foundation
import Node
import ProcessTestSupport
import Testing

@testable import Server

@Suite("Archive on followers: the same files, the same state", .serialized)
struct ArchiveReplicaTests {
    @Test("a streaming follower writes the same archive file from its own state and serves the archived booking")
    func streamingFollowerAgrees() async throws {
        let pair = try await ReplicaPair.start()
        do {
            let base = "/v1/merchants/\(pair.merchantID)"
            let booking = try #require(pair.ids["bookingId"])
            let cancelled = try await pair.leader.call(
                "POST", base + "/bookings/\(booking)/cancel", body: #"{"reason":"follower test"}"#)
            #expect(cancelled.status == 200)
            let run = try await pair.leader.call(
                "POST", "/v1/admin/archive", body: #"{"before":"2030-01-01T00:00:00+00:00"}"#)
            #expect(run.status == 200 && run.json?["bookings"] as? Int == 1)
            let leaderState = try await pair.leader.state()
            try await pair.follower.waitFor(lsn: leaderState.lsn)
            #expect(try await pair.follower.state().digest == leaderState.digest)
            let name = "/bookings-archive/archive-000001.nba"
            let leaderFile = try Data(contentsOf: URL(fileURLWithPath: pair.leader.directory + name))
            let followerFile = try Data(contentsOf: URL(fileURLWithPath: pair.follower.directory + name))
            #expect(leaderFile == followerFile)
            let read = try await pair.follower.call("GET", base + "/bookings/\(booking)")
            #expect(read.status == 200 && read.json?["archived"] as? Bool == true)
            #expect(read.json?["cancelReason"] as? String == "follower test")
            // A follower refuses to archive itself.
            let refused = try await pair.follower.call("POST", "/v1/admin/archive", body: "{}")
            #expect(refused.status == 403)
        } catch {
            await pair.stop()
            throw error
        }
        await pair.stop()
    }

    @Test("a follower that starts from the leader's snapshot fetches the archive files it names")
    func snapshotFollowerFetchesFiles() async throws {
        let directory = NodeProcess.temporaryDirectory()
        // Enough records to fill a few segments, so that snapshots prune the log's start.
        let salon = try await ArchiveSalon.make(in: directory, staffCount: 1, segmentSizeBytes: (1 << 20) + 4_096)
        let node = salon.node
        let merchant = salon.merchant
        let first = try await salon.book(6_000, cancel: true).first
        let report = try await node.archiveBookings(
            before: ArchiveSalon.context.now + 700 * 86_400, now: ArchiveSalon.context.now)
        #expect(report.bookings == 6_000 && report.files.count == 1)
        try node.takeSnapshot()
        try await salon.book(3_000, cancel: false)
        try node.takeSnapshot()
        try node.takeSnapshot()
        #expect(node.log.wal.firstLSN > 1, "the log was not pruned: the follower would replay instead")
        await node.close()
        let leader = try await NodeProcess.start(directory: directory)
        let follower = try await NodeProcess.start(follow: leader)
        do {
            let state = try await leader.state()
            try await follower.waitFor(lsn: state.lsn)
            #expect(try await follower.state().digest == state.digest)
            let id = try #require(first)
            let read = try await follower.call("GET", "/v1/merchants/\(merchant.id)/bookings/\(id)")
            #expect(read.status == 200 && read.json?["archived"] as? Bool == true)
            #expect(FileManager.default.fileExists(atPath: follower.directory + "/bookings-archive/archive-000001.nba"))
        } catch {
            follower.stop()
            leader.stop()
            throw error
        }
        follower.stop()
        leader.stop()
    }
}
