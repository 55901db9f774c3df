import Foundation
import ProcessTestSupport
import Testing

/// A follower that cannot follow says so: never reached, refused, or not even a URL.
@Suite("Follower health", .serialized)
struct FollowerHealthTests {
    /// Polls `/health` until `condition` holds on its JSON (or `seconds` pass); returns the last answer.
    static func health(
        of node: NodeProcess, within seconds: Double = 10, until condition: ([String: Any]) -> Bool
    ) async throws -> NodeProcess.Answer {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var answer = try await node.call("GET", "/health")
        while ContinuousClock.now < deadline, !condition(answer.json ?? [:]) {
            try await Task.sleep(for: .milliseconds(100))
            answer = try await node.call("GET", "/health")
        }
        return answer
    }

    @Test("a follower whose leader's port is closed is not ok, and its lag is unknown")
    func leaderUnreachable() async throws {
        let port = try PromotionTests.freePort()
        let follower = try await NodeProcess.start(followURL: "http://127.0.0.1:\(port)")
        defer { follower.stop() }
        try await Task.sleep(for: .milliseconds(500))
        let answer = try await follower.call("GET", "/health")
        #expect(answer.status == 503 && answer.json?["status"] as? String == "unavailable")
        #expect(answer.json?["lagRecords"] is NSNull, "lag reported as \(answer.json?["lagRecords"] ?? "absent")")
        #expect((answer.json?["reason"] as? String)?.contains("not been reached") == true)
    }

    @Test("a follower with a wrong replication token is not ok, and says the leader refuses it")
    func refusedByLeader() async throws {
        let leader = try await NodeProcess.start()
        defer { leader.stop() }
        let follower = try await NodeProcess.start(
            follow: leader, environment: ["NAILBOOK_REPLICATION_TOKEN": "not-the-leaders-token"])
        defer { follower.stop() }
        let answer = try await Self.health(of: follower) { ($0["reason"] as? String)?.contains("refuses") == true }
        #expect(answer.status == 503, "\(answer.json ?? [:])")
        #expect((answer.json?["reason"] as? String)?.contains("401") == true)
        #expect(answer.json?["lagSeconds"] is NSNull)
        let text = String(decoding: answer.body, as: UTF8.self)
        #expect(!text.contains("not-the-leaders-token") && !text.contains(NodeProcess.token))
    }

    @Test("a follower of its leader reports ok once it streams")
    func healthyFollower() async throws {
        let leader = try await NodeProcess.start()
        defer { leader.stop() }
        let follower = try await NodeProcess.start(follow: leader)
        defer { follower.stop() }
        let answer = try await Self.health(of: follower) { $0["connection"] as? String == "streaming" }
        #expect(answer.status == 200 && answer.json?["lagRecords"] as? Int == 0)
    }

    @Test(
        "--follow that is not an http(s) URL is a start-up error", arguments: ["not a url", "ftp://leader", "http://"])
    func malformedURL(url: String) async throws {
        await #expect(throws: TestFailure.self) {
            let node = try await NodeProcess.start(followURL: url)
            node.stop()
        }
    }
}
