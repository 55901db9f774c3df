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
        var options = NodeOptions()
        options.durability = .none
        options.segmentSizeBytes = (1 << 20) + 4_096
        let node = try Node.open(dataDirectory: directory, options: options)
        let context = CommandContext(now: Instant(secondsSinceEpoch: 1_795_737_600), origin: .system)
        let engine = node.engine
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "Archive salon", rules: BookingRules(maxDaysAhead: 400)), context
        ).get()
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("00:00")!, end: TimeOfDay("24:00")!) }
        let staff = try await engine.createStaff(
            merchantID: merchant.id, StaffDraft(name: "Mei", workingHours: hours), context
        ).get()
        let service = try await engine.createService(
            merchantID: merchant.id, ServiceDraft(name: "Gel", durationMinutes: 30), context
        ).get()
        let customer = try await engine.createCustomer(
            merchantID: merchant.id, CustomerDraft(displayName: "Lin"), context
        ).get()
        // Enough records to fill a few segments, so that snapshots prune the log's start.
        var first: BookingID?
        for slot in 0..<6_000 {
            let booking = try await engine.createBooking(
                NewBooking(
                    merchantID: merchant.id, serviceID: service.id, staffID: staff.id, customerID: customer.id,
                    startsAt: context.now + Int64(86_400 + slot * 1_800)),
                context
            ).get()
            _ = try await engine.cancelBooking(booking.id, merchantID: merchant.id, reason: "r\(slot)", context).get()
            first = first ?? booking.id
        }
        let report = try await node.archiveBookings(before: context.now + 400 * 86_400, now: context.now)
        #expect(report.bookings == 6_000 && report.files.count == 1)
        try node.takeSnapshot()
        for slot in 0..<3_000 {
            _ = try await engine.createBooking(
                NewBooking(
                    merchantID: merchant.id, serviceID: service.id, staffID: staff.id, customerID: customer.id,
                    startsAt: context.now + Int64(86_400 + slot * 1_800)),
                context
            ).get()
        }
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
