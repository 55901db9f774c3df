import Foundation
import ProcessTestSupport
import Testing

/// A follower never writes on its own: every write route of the OpenAPI document and LINE's webhook, with and
/// without path tricks, is refused, its log stays the leader's, and it keeps converging.
@Suite("Follower write refusal", .serialized)
struct FollowerWriteTests {
    /// The spellings of one path: as is, and the tricks the router would have resolved to it.
    static func spellings(_ path: String) -> [String] {
        let rest = path.dropFirst()
        let first = rest.prefix { $0 != "/" }
        let tail = rest.dropFirst(first.count)
        return [path, "/" + path, "/\(first)/.\(tail)", "/\(first)/\(tail)", path + "/", "/\(first)/%2e\(tail)"]
    }

    @Test("every write route and the signed webhook, with and without path tricks, are refused; the log is unchanged")
    func everyWriteRefused() async throws {
        let pair = try await ReplicaPair.start()
        do {
            try await Self.checkRefusals(pair)
            await pair.stop()
        } catch {
            await pair.stop()
            throw error
        }
    }

    static func checkRefusals(_ pair: ReplicaPair) async throws {
        let before = try await pair.follower.state()
        let operations = try ReplicaPair.mutatingOperations()
        #expect(operations.count >= 20, "the OpenAPI document lists \(operations.count) write operations")
        let bookingBody = ReplicaPair.slot(pair.ids, minute: 300)
        for (method, template) in operations where template != "/v1/admin/promote" {
            let path = pair.fill(template)
            let isWebhook = template.hasPrefix("/line/webhook/")
            let signed = ReplicaPair.signedFollow(user: "U\(UUID().uuidString.prefix(8))")
            let body = isWebhook ? signed.body : template.hasSuffix("/bookings") ? bookingBody : "{}"
            var headers = ["Content-Type": "application/json"]
            if isWebhook {
                headers["X-Line-Signature"] = signed.signature
            } else {
                headers["Authorization"] =
                    "Bearer \(template == "/v1/merchants" ? "replication-test-token" : pair.apiKey)"
            }
            for (index, target) in spellings(path).enumerated() {
                let answer = try await RawHTTPConnection.exchange(
                    port: pair.follower.port, method: method, target: target, headers: headers, body: body)
                let expected = index > 0 ? 400 : isWebhook ? 503 : 403
                let code = index > 0 ? "invalid_path" : "read_only_replica"
                #expect(
                    answer.status == expected && answer.body.contains(#""code":"\#(code)""#),
                    "\(method) \(target): \(answer.status) \(answer.body.prefix(200))")
            }
        }
        #expect(try await pair.follower.state() == before, "the follower's state moved")
        let health = try await pair.follower.call("GET", "/health").json
        #expect(health?["durableLsn"] as? Int == before.lsn, "the follower's log grew: \(health ?? [:])")
        // Still the leader's log: a new write on the leader arrives and the states match.
        let booked = try await pair.leader.call(
            "POST", "/v1/merchants/\(pair.merchantID)/bookings", body: ReplicaPair.slot(pair.ids, minute: 600))
        #expect(booked.status == 201)
        try await pair.follower.waitFor(lsn: try await pair.leader.state().lsn)
        #expect(try await pair.follower.state() == pair.leader.state())
        let after = try await pair.follower.call("GET", "/health").json
        #expect(after?["connection"] as? String == "streaming" && after?["status"] as? String == "ok")
    }
}
