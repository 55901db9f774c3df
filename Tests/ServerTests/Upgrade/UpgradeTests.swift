import Foundation
import ProcessTestSupport
import Synchronization
import Testing

/// Upgrades without downtime, with real processes on loopback, from the data folder the previous release wrote: the
/// current binary reads it as a leader, a second node follows it, the follower is promoted while a client books, and
/// the old leader fences itself (never two leaders) and follows the new one.
@Suite("Upgrade from the previous release", .serialized)
struct UpgradeTests {
    @Test("upgrade: follower, caught up, promoted under writes; the old leader refuses with not_leader and follows")
    func upgradeUnderWrites() async throws {
        let fixture = try PreviousRelease.load()
        let old = try await NodeProcess.start(
            directory: try PreviousRelease.copy(), environment: PreviousRelease.environment)
        defer { old.stop() }
        #expect(try await old.state().lsn == fixture.appliedLSN, "the previous release's log was not read whole")
        try await fixture.expectServed(by: old)
        let client = try await UpgradeClient.make(on: old)
        let new = try await NodeProcess.start(follow: old, environment: PreviousRelease.environment)
        defer { new.stop() }
        let leaderLSN = try await old.state().lsn
        let caughtUp = try await new.health {
            ($0["lagRecords"] as? Int) == 0 && ($0["appliedLsn"] as? Int) == leaderLSN
        }
        #expect(caughtUp["connection"] as? String == "streaming")
        try await fixture.expectServed(by: new)

        // A client books against the old leader throughout; the promotion happens in the middle.
        let booked = BookedLog()
        let promotion = try await withThrowingTaskGroup(of: NodeProcess.Answer?.self) { group in
            group.addTask {
                for slot in 0..<60 {
                    let result = try await client.book(slot: slot, at: old.url)
                    booked.entries.withLock { $0.append(result) }
                }
                return nil
            }
            group.addTask {
                while booked.entries.withLock({ $0.count }) < 15 { try await Task.sleep(for: .milliseconds(5)) }
                return try await new.call("POST", "/v1/admin/promote")
            }
            var promotion: NodeProcess.Answer?
            for try await answer in group { promotion = promotion ?? answer }
            return try #require(promotion)
        }
        #expect(promotion.status == 200, "\(String(decoding: promotion.body, as: UTF8.self))")
        #expect(promotion.json?["epoch"] as? Int == 1 && promotion.json?["oldLeaderFenced"] as? Bool == true)

        // The old leader: fenced, says so, points at the new leader, follows it.
        let fenced = try await old.health {
            $0["fenced"] as? Bool == true && $0["connection"] as? String == "streaming"
        }
        #expect(fenced["role"] as? String == "follower" && fenced["leader"] as? String == new.url, "\(fenced)")
        #expect(fenced["fenceEpoch"] as? Int == 1)
        let refused = try await old.call("POST", "/v1/merchants", body: #"{"name":"Too late"}"#)
        #expect(refused.status == 503 && refused.json?["code"] as? String == "not_leader")
        #expect(refused.headers["x-nailbook-leader"] == new.url && refused.headers["retry-after"] == "1")
        let newHealth = try await new.call("GET", "/health").json
        #expect(newHealth?["role"] as? String == "leader" && newHealth?["epoch"] as? Int == 1)

        // No write was acknowledged by both: each booking by exactly one node; the old leader's all before its
        // fence's LSN, and every one of them on the new leader.
        let results = booked.entries.withLock { $0 }
        #expect(results.count == 60)
        let fenceLSN = try Self.fenceLSN(of: old)
        let byOld = results.filter { $0.acknowledgedBy == old.url }
        let byNew = results.filter { $0.acknowledgedBy == new.url }
        #expect(
            byOld.count + byNew.count == 60 && byOld.count >= 15 && !byNew.isEmpty, "\(byOld.count) + \(byNew.count)")
        #expect(byOld.allSatisfy { $0.lsn <= fenceLSN && $0.refusedBy.isEmpty })
        #expect(byNew.allSatisfy { $0.lsn > fenceLSN }, "the new leader acknowledged at or below the fence's LSN")
        #expect(Set(results.map(\.id)).count == 60, "a booking was acknowledged twice")
        let retried = byNew.filter { $0.refusedBy == [old.url] }
        #expect(!retried.isEmpty, "no client write was refused by the old leader and retried on the new one")

        // The states agree: the old leader, now a follower, reaches the new leader's LSN with the same digest, and
        // every booking reads the same on both.
        let newState = try await new.state()
        try await old.waitFor(lsn: newState.lsn)
        #expect(try await old.state() == newState)
        for result in results {
            let path = "/v1/merchants/\(client.merchantID)/bookings/\(result.id)"
            let (onOld, onNew) = (try await old.call("GET", path), try await new.call("GET", path))
            #expect(onOld.status == 200 && onNew.status == 200 && onOld.body == onNew.body, "\(result.id)")
        }
        try await fixture.expectServed(by: new)
    }

    /// The LSN the old leader's fence recorded (`DIR/leadership`): the last write it ever acknowledged.
    static func fenceLSN(of node: NodeProcess) throws -> Int {
        let text = try String(contentsOfFile: node.directory + "/leadership", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("lsn ") })
        return try #require(Int(line.dropFirst(4)))
    }
}

/// What the client's bookings came to, shared by its task and the test.
private final class BookedLog: Sendable {
    let entries = Mutex<[UpgradeClient.Booked]>([])
}
