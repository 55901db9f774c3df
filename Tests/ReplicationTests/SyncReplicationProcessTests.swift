import Foundation
import ProcessTestSupport
import Testing

/// Synchronous replication (`--sync-replicas 1`) with real processes: a write is answered only once a follower's
/// log holds it; without a follower it is answered `503 replication_unavailable`, never `201`.
@Suite("Synchronous replication with real processes", .serialized)
struct SyncReplicationProcessTests {
    @Test("no follower: 503 replication_unavailable; with one: every answered write is on the follower's disk")
    func answersWaitForAFollower() async throws {
        let leader = try await NodeProcess.start(extra: ["--sync-replicas", "1", "--sync-timeout-seconds", "1"])
        defer { leader.stop() }
        let started = ContinuousClock.now
        let alone = try await leader.call("POST", "/v1/merchants", body: #"{"name":"Alone"}"#)
        #expect(alone.status == 503 && alone.json?["code"] as? String == "replication_unavailable")
        #expect(ContinuousClock.now - started >= .seconds(1))
        let health = try await leader.call("GET", "/health").json?["syncReplicas"] as? [String: Any]
        #expect(health?["required"] as? Int == 1 && health?["confirming"] as? Int == 0)

        let directory = NodeProcess.temporaryDirectory()
        var follower = try await NodeProcess.start(directory: directory, follow: leader)
        defer { follower.stop() }
        // The merchant written while alone is on the leader's disk: the follower receives it too.
        let (lsn, _) = try await leader.state()
        try await follower.waitFor(lsn: lsn)
        let salon = try await ReplicatedSalon.make(on: leader)
        for slot in 0..<30 {
            let booked = try #require(try await salon.book(on: leader, slot: slot))
            // Answered, so the follower's log holds it already (its durable LSN, before it even applied it).
            let durable = try await follower.call("GET", "/health").json?["durableLsn"] as? Int ?? 0
            #expect(durable >= booked.lsn, "slot \(slot)")
        }
        let confirming = try await leader.call("GET", "/health").json?["syncReplicas"] as? [String: Any]
        #expect(confirming?["confirming"] as? Int == 1)

        // The follower dies: writes are refused again once its reports are stale, then go on when it is back.
        follower.stop(kill: true)
        try await Task.sleep(for: .seconds(3.5))
        let refused = try await leader.call(
            "POST", "/v1/merchants/\(salon.merchantID)/customers", body: #"{"displayName":"Wen"}"#)
        #expect(refused.status == 503 && refused.json?["code"] as? String == "replication_unavailable")
        follower = try await NodeProcess.start(directory: directory, follow: leader)
        let again = try await salon.book(on: leader, slot: 100)
        #expect(again != nil)
        let (last, _) = try await leader.state()
        try await follower.waitFor(lsn: last)
        #expect(try await follower.state() == leader.state())
    }
}
