import Foundation
import ProcessTestSupport
import Testing

/// `serve --demo` without a master key: the demo salon gets a placeholder LINE channel sealed with a key of the
/// data folder's own, so a booking's confirmation shows in the salon's notification log at once (issue 12's
/// "done when"), and the channel still opens after a restart.
@Suite("The demo salon's LINE channel", .serialized)
struct DemoLineChannelTests {
    /// A node with `--demo`, no master key, and LINE at a closed loopback port.
    static func start(_ directory: String) async throws -> NodeProcess {
        try await NodeProcess.start(
            directory: directory, extra: ["--demo"],
            environment: ["NAILBOOK_MASTER_KEY": "", "LINE_API_BASE": "http://127.0.0.1:9"])
    }

    /// The first item of a listed collection, as JSON.
    static func first(_ node: NodeProcess, _ path: String, _ key: String) async throws -> [String: Any] {
        let answer = try await node.call("GET", path)
        let items = try #require(answer.json?[key] as? [[String: Any]], "\(path): \(answer.status)")
        return try #require(items.first, "\(path) lists no \(key)")
    }

    @Test("a demo booking's confirmation is in the salon's notification log; the demo key is 0600 and kept")
    func confirmationInTheLog() async throws {
        let directory = NodeProcess.temporaryDirectory()
        let node = try await Self.start(directory)
        let merchantID = try #require(try await Self.first(node, "/v1/merchants", "merchants")["id"] as? String)
        let base = "/v1/merchants/\(merchantID)"
        let service = try #require(try await Self.first(node, "\(base)/services", "services")["id"] as? String)
        let customer = try #require(try await Self.first(node, "\(base)/customers", "customers")["id"] as? String)
        let channel = try await node.call("GET", "\(base)/line-channel")
        #expect(channel.status == 200, "the demo salon has no LINE channel: \(channel.status)")
        // The first free slot within the next days.
        var slot: [String: Any]?
        for day in 1...7 where slot == nil {
            let date = ISO8601DateFormatter.string(
                from: Date().addingTimeInterval(Double(day) * 86_400), timeZone: TimeZone(identifier: "Asia/Taipei")!,
                formatOptions: [.withFullDate])
            let free = try await node.call("GET", "\(base)/availability?serviceId=\(service)&date=\(date)")
            slot = (free.json?["slots"] as? [[String: Any]])?.first
        }
        let chosen = try #require(slot, "no free slot in a week")
        let startsAt = try #require(chosen["startsAt"] as? String)
        let booked = try await node.call(
            "POST", "\(base)/bookings",
            body: #"{"serviceId":"\#(service)","customerId":"\#(customer)","startsAt":"\#(startsAt)"}"#)
        #expect(booked.status == 201, "\(String(decoding: booked.body, as: UTF8.self))")
        let bookingID = try #require(booked.json?["id"] as? String)
        let log = try await node.call("GET", "\(base)/notifications?bookingId=\(bookingID)")
        let kinds = (log.json?["notifications"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
        #expect(kinds.contains("confirmation"), "notifications: \(String(decoding: log.body, as: UTF8.self))")
        let key = directory + "/demo-master-key"
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let keyBefore = try String(contentsOfFile: key, encoding: .utf8)
        node.stop()
        // After a restart the same key opens the stored channel: the channel is there and the key unchanged.
        let again = try await Self.start(directory)
        defer { again.stop() }
        #expect(try await again.call("GET", "\(base)/line-channel").status == 200)
        #expect(try String(contentsOfFile: key, encoding: .utf8) == keyBefore)
    }
}
