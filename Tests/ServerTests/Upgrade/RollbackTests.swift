import Foundation
import ProcessTestSupport
import Testing

/// Rollback, the upgrade's other direction: the node started from the previous release's folder is promoted away
/// from and back; each leadership change fences the other node, which follows; restarts with the old command line
/// keep the roles (`DIR/leadership`); and an old leader that was down at promotion is fenced when it comes back.
@Suite("Rollback to the first node", .serialized)
struct RollbackTests {
    @Test("promoted away from and back: one leader at a time, the other fenced and following, restarts included")
    func awayAndBack() async throws {
        let fixture = try PreviousRelease.load()
        let first = try await NodeProcess.start(
            directory: try PreviousRelease.copy(), environment: PreviousRelease.environment)
        var second = try await NodeProcess.start(follow: first, environment: PreviousRelease.environment)
        defer { for node in [first, second] { node.stop() } }
        let client = try await UpgradeClient.make(on: first)
        _ = try await client.book(slot: 0, at: first.url)
        try await second.waitFor(lsn: try await first.state().lsn)

        // Away: the second node leads at epoch 1, the first is fenced and follows it.
        let away = try await second.call("POST", "/v1/admin/promote")
        #expect(away.status == 200 && away.json?["epoch"] as? Int == 1)
        #expect(try await client.book(slot: 1, at: first.url).acknowledgedBy == second.url)

        // Back: the first node leads at epoch 2 (above the fence's), the second is fenced and follows it.
        _ = try await first.health { $0["connection"] as? String == "streaming" && $0["fenced"] as? Bool == true }
        try await first.waitFor(lsn: try await second.state().lsn)
        let back = try await first.call("POST", "/v1/admin/promote")
        #expect(back.status == 200 && back.json?["epoch"] as? Int == 2, "\(String(decoding: back.body, as: UTF8.self))")
        let booked = try await client.book(slot: 2, at: second.url)
        #expect(booked.acknowledgedBy == first.url && booked.refusedBy == [second.url])
        let secondHealth = try await second.health { $0["fenceEpoch"] as? Int == 2 }
        #expect(secondHealth["leader"] as? String == first.url && secondHealth["role"] as? String == "follower")
        try await second.waitFor(lsn: booked.lsn)
        #expect(try await second.state() == first.state())

        // The second node restarted with no --follow (its data folder says it was fenced) stays fenced and follows.
        let port = second.port
        second.stop()
        second = try await NodeProcess.start(
            directory: second.directory, port: port, environment: PreviousRelease.environment)
        let restarted = try await second.health { $0["connection"] as? String == "streaming" }
        #expect(restarted["fenced"] as? Bool == true && restarted["leader"] as? String == first.url, "\(restarted)")
        let refused = try await second.call("POST", "/v1/merchants", body: #"{"name":"Not here"}"#)
        #expect(refused.status == 503 && refused.headers["x-nailbook-leader"] == first.url)
        let last = try await client.book(slot: 3, at: first.url)
        try await second.waitFor(lsn: last.lsn)
        #expect(try await second.state() == first.state())
        try await fixture.expectServed(by: second)
    }

    @Test("an old leader that was down at promotion is fenced by the new leader's retries once it is back")
    func downAtPromotion() async throws {
        let directory = try PreviousRelease.copy()
        var old = try await NodeProcess.start(directory: directory, environment: PreviousRelease.environment)
        let new = try await NodeProcess.start(follow: old, environment: PreviousRelease.environment)
        defer { for node in [old, new] { node.stop() } }
        try await new.waitFor(lsn: try await old.state().lsn)
        let port = old.port
        old.stop()
        let promoted = try await new.call("POST", "/v1/admin/promote")
        #expect(promoted.status == 200 && promoted.json?["oldLeaderFenced"] as? Bool == false)
        // Back on its port with its old command line: the new leader's background fence reaches it.
        old = try await NodeProcess.start(directory: directory, port: port, environment: PreviousRelease.environment)
        let fenced = try await old.health(within: 15) { $0["fenced"] as? Bool == true }
        #expect(fenced["leader"] as? String == new.url && fenced["fenceEpoch"] as? Int == 1)
        #expect(try await old.call("POST", "/v1/merchants", body: #"{"name":"Late"}"#).status == 503)
        let newState = try await new.state()
        try await old.waitFor(lsn: newState.lsn)
        #expect(try await old.state() == newState)
    }
}
