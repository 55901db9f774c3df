import Foundation
import ProcessTestSupport
import Testing

@testable import Server

/// A leader and a follower as real `nailbook serve` processes, with a LINE channel (against the fake LINE server)
/// and a salon on the leader, replicated to the follower: the world of the follower-safety tests.
struct ReplicaPair: Sendable {
    let fake: FakeLineServer
    let leader: NodeProcess
    let follower: NodeProcess
    let merchantID: String
    let apiKey: String
    let ids: [String: String]

    static let channelSecret = "0123456789abcdef0123456789abcdef"

    static func start() async throws -> ReplicaPair {
        let fake = try await FakeLineServer.start()
        let environment = ["NAILBOOK_MASTER_KEY": LineWorld.masterKey, "LINE_API_BASE": fake.baseURL]
        let leader = try await NodeProcess.start(environment: environment)
        let follower = try await NodeProcess.start(follow: leader, environment: environment)
        let merchant = try await leader.call("POST", "/v1/merchants", body: #"{"name":"Replica salon"}"#)
        let merchantID = try #require(merchant.json?["id"] as? String)
        let apiKey = try #require(merchant.json?["apiKey"] as? String)
        let base = "/v1/merchants/\(merchantID)"
        let hours = (1...7).map { #"{"weekday":\#($0),"start":"00:00","end":"24:00"}"# }.joined(separator: ",")
        var ids = ["merchantId": merchantID]
        func create(_ name: String, _ path: String, _ body: String) async throws {
            let answer = try await leader.call("POST", base + path, body: body)
            ids[name] = try #require(answer.json?["id"] as? String, "\(path): \(answer.status)")
        }
        try await create("staffId", "/staff", #"{"name":"Mei","workingHours":[\#(hours)]}"#)
        try await create("serviceId", "/services", #"{"name":"Gel","durationMinutes":30}"#)
        try await create("customerId", "/customers", #"{"displayName":"Lin"}"#)
        try await create("timeOffId", "/staff/\(ids["staffId"]!)/time-off", Self.timeOff)
        try await create("keyId", "/api-keys", #"{"name":"front desk"}"#)
        try await create("holdId", "/holds", Self.slot(ids, minute: 0))
        try await create("bookingId", "/bookings", Self.slot(ids, minute: 60))
        fake.registerChannel(accessToken: "replica-token")
        let channel = try await leader.call(
            "PUT", base + "/line-channel",
            body:
                #"{"channelId":"1657000000","channelSecret":"\#(channelSecret)","channelAccessToken":"replica-token"}"#
        )
        try #require(channel.status == 200, "line-channel: \(String(decoding: channel.body, as: UTF8.self))")
        let pair = ReplicaPair(
            fake: fake, leader: leader, follower: follower, merchantID: merchantID, apiKey: apiKey, ids: ids)
        try await follower.waitFor(lsn: try await leader.state().lsn)
        return pair
    }

    func stop() async {
        follower.stop()
        leader.stop()
        await fake.stop()
    }

    static let timeOff = #"{"startsAt":"2027-02-01T00:00:00Z","endsAt":"2027-02-01T08:00:00Z"}"#

    /// A hold or booking body for 2027-01-05 at `minute` past 10:00 UTC.
    static func slot(_ ids: [String: String], minute: Int) -> String {
        let start = Date(timeIntervalSince1970: 1_799_143_200 + Double(minute) * 60)
        let at = ISO8601DateFormatter().string(from: start)
        return
            #"{"serviceId":"\#(ids["serviceId"]!)","staffId":"\#(ids["staffId"]!)","customerId":"\#(ids["customerId"]!)","startsAt":"\#(at)"}"#
    }

    /// A signed LINE webhook body with one follow event.
    static func signedFollow(user: String) -> (body: String, signature: String) {
        let body = LineWorld.event("follow", id: "wh-\(user)", user: user)
        return (body, LineSignature.signature(body: Array(body.utf8), channelSecret: channelSecret))
    }

    /// Every write operation of the OpenAPI document: method and path template (`{merchantId}` …).
    static func mutatingOperations() throws -> [(method: String, path: String)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Server/Resources/openapi.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        var operations: [(String, String)] = []
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let method = line.dropFirst(4).prefix { $0 != ":" }
                if ["post", "put", "patch", "delete"].contains(method) {
                    operations.append((method.uppercased(), path))
                }
            } else if !line.hasPrefix(" ") && !line.isEmpty {
                path = nil
            }
        }
        return operations
    }

    /// A path template with its parameters filled from `ids`.
    func fill(_ template: String) -> String {
        var path = template
        for (name, value) in ids { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
        return path
    }
}
