import Foundation
import ProcessTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The data folder the previous release wrote (`Tests/Fixtures/previous-release`), and what it holds.
struct PreviousRelease: Sendable {
    /// The merchant of the demo salon.
    let merchantID: String
    /// The last LSN in the folder.
    let appliedLSN: Int
    /// Every booking id.
    let bookings: [String]
    /// The cancelled booking.
    let cancelled: String
    /// The rescheduled booking and its new start.
    let rescheduled: (id: String, startsAt: String)

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/previous-release")

    /// What `expected.json` says.
    static func load() throws -> PreviousRelease {
        let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rescheduled = try #require(json["rescheduled"] as? [String: String])
        return PreviousRelease(
            merchantID: try #require(json["merchantId"] as? String),
            appliedLSN: try #require(json["appliedLsn"] as? Int),
            bookings: try #require(json["bookings"] as? [String]),
            cancelled: try #require(json["cancelled"] as? String),
            rescheduled: (try #require(rescheduled["id"]), try #require(rescheduled["startsAt"])))
    }

    /// A fresh copy of the folder, to start a node on.
    static func copy() throws -> String {
        let directory = NodeProcess.temporaryDirectory()
        try FileManager.default.removeItem(atPath: directory)
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("data"), to: URL(fileURLWithPath: directory))
        return directory
    }

    /// The environment of every node: LINE at a closed port (the demo salon's channel must never reach LINE).
    static let environment = ["LINE_API_BASE": "http://127.0.0.1:9"]

    /// Checks that `node` serves everything the previous release wrote.
    func expectServed(by node: NodeProcess) async throws {
        let base = "/v1/merchants/\(merchantID)/bookings"
        for id in bookings {
            let answer = try await node.call("GET", "\(base)/\(id)")
            #expect(answer.status == 200, "\(id): \(answer.status)")
            let status = answer.json?["status"] as? String
            #expect(status == (id == cancelled ? "cancelled" : "confirmed"), "\(id): \(status ?? "none")")
        }
        let moved = try await node.call("GET", "\(base)/\(rescheduled.id)").json?["startsAt"] as? String
        #expect(moved == rescheduled.startsAt, "the rescheduled booking starts at \(moved ?? "none")")
    }
}

/// A salon made over HTTP on the upgraded leader, and a client that books through a leadership change: on `503
/// not_leader` it retries, with the same `Idempotency-Key`, at the node `X-Nailbook-Leader` names.
struct UpgradeClient: Sendable {
    let merchantID: String
    let body: @Sendable (Int) -> String

    /// What one booking came to: the node that acknowledged it (its URL), the booking, the write's LSN, and every
    /// node that refused it with `not_leader` first.
    struct Booked: Sendable {
        var acknowledgedBy: String
        var id: String
        var lsn: Int
        var refusedBy: [String]
    }

    static func make(on leader: NodeProcess) async throws -> UpgradeClient {
        let merchant = try await leader.call("POST", "/v1/merchants", body: #"{"name":"Upgrade salon"}"#)
        let merchantID = try #require(merchant.json?["id"] as? String)
        let hours = (1...7).map { #"{"weekday":\#($0),"start":"00:00","end":"24:00"}"# }.joined(separator: ",")
        let base = "/v1/merchants/\(merchantID)"
        let staff = try await leader.call("POST", base + "/staff", body: #"{"name":"Mei","workingHours":[\#(hours)]}"#)
        let service = try await leader.call("POST", base + "/services", body: #"{"name":"Gel","durationMinutes":30}"#)
        let customer = try await leader.call("POST", base + "/customers", body: #"{"displayName":"Lin"}"#)
        let ids = try [staff, service, customer].map { try #require($0.json?["id"] as? String) }
        return UpgradeClient(merchantID: merchantID) { slot in
            // 30-minute slots from 2027-01-01 on.
            let start = Date(timeIntervalSince1970: 1_798_761_600 + Double(slot) * 1_800)
            return
                #"{"staffId":"\#(ids[0])","serviceId":"\#(ids[1])","customerId":"\#(ids[2])","startsAt":"\#(ISO8601DateFormatter().string(from: start))"}"#
        }
    }

    /// Books slot `slot`, starting at `url`; follows `not_leader` refusals and waits out `promotion_in_progress`
    /// (at most 50 tries).
    func book(slot: Int, at url: String) async throws -> Booked {
        var target = url
        var refusedBy: [String] = []
        let key = "upgrade-\(merchantID)-\(slot)"
        for _ in 0..<50 {
            var request = URLRequest(url: URL(string: "\(target)/v1/merchants/\(merchantID)/bookings")!)
            request.httpMethod = "POST"
            request.timeoutInterval = 10
            request.setValue("Bearer \(NodeProcess.token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(key, forHTTPHeaderField: "Idempotency-Key")
            request.httpBody = Data(body(slot).utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = try #require(response as? HTTPURLResponse)
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            if http.statusCode == 201, let id = json?["id"] as? String,
                let lsn = (http.value(forHTTPHeaderField: "X-Nailbook-LSN")).flatMap(Int.init)
            {
                return Booked(acknowledgedBy: target, id: id, lsn: lsn, refusedBy: refusedBy)
            }
            if http.statusCode == 503, json?["code"] as? String == "promotion_in_progress" {
                // The node the old leader named is not done being promoted: retry there in a moment.
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            guard http.statusCode == 503, json?["code"] as? String == "not_leader",
                let leader = http.value(forHTTPHeaderField: "X-Nailbook-Leader")
            else {
                throw TestFailure(
                    "slot \(slot) at \(target): \(http.statusCode) \(String(decoding: data, as: UTF8.self))")
            }
            refusedBy.append(target)
            target = leader
        }
        throw TestFailure("slot \(slot): not booked in 50 tries")
    }
}

extension NodeProcess {
    /// The node's base URL, as other nodes name it.
    var url: String { "http://127.0.0.1:\(port)" }

    /// Polls `/health` until `condition` holds on its JSON (or `seconds` pass); returns the last answer's JSON.
    func health(within seconds: Double = 20, until condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var json = try await call("GET", "/health").json ?? [:]
        while !condition(json) {
            guard ContinuousClock.now < deadline else { throw TestFailure("port \(port): /health stayed \(json)") }
            try await Task.sleep(for: .milliseconds(50))
            json = try await call("GET", "/health").json ?? [:]
        }
        return json
    }
}
