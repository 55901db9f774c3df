import Foundation
import ProcessTestSupport
import Testing

/// The outbox survives SIGKILL: a real `nailbook serve` child, 1,000 pending notifications, a slow LINE.
@Suite("LINE outbox crash safety", .serialized)
struct LineCrashTests {
    @Test func aKilledServerDeliversEveryNotificationOnceWithItsOwnRetryKey() async throws {
        let count = 1_000
        try await FakeLineServer.with { fake in
            fake.registerChannel(accessToken: "tok-crash")
            fake.setBehaviour(.delayed(.milliseconds(150)), for: .push)
            let directory = NodeProcess.temporaryDirectory()
            let environment = ["LINE_API_BASE": fake.baseURL, "NAILBOOK_MASTER_KEY": LineWorld.masterKey]
            var node = try await NodeProcess.start(directory: directory, environment: environment)
            let merchant = try await Self.salon(on: node)
            try await Self.book(count, merchant: merchant, on: node)
            let deadline = ContinuousClock.now + .seconds(60)
            while fake.acceptedRetryKeys.count < count / 10, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            node.stop(kill: true)
            let beforeKill = fake.acceptedRetryKeys.count
            #expect(beforeKill >= count / 10 && beforeKill < count, "\(beforeKill) delivered before the kill")
            node = try await NodeProcess.start(directory: directory, environment: environment)
            defer { node.stop() }
            let finish = ContinuousClock.now + .seconds(90)
            var sent = 0
            while ContinuousClock.now < finish {
                let answer = try await node.call("GET", "/v1/merchants/\(merchant)/notifications?status=sent")
                sent = (answer.json?["notifications"] as? [Any])?.count ?? 0
                if sent == count { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(sent == count, "only \(sent) of \(count) notifications are logged as sent")
            let pushes = fake.requests(to: .push)
            let keys = Set(pushes.compactMap(\.retryKey))
            #expect(fake.acceptedRetryKeys.count == count, "LINE accepted \(fake.acceptedRetryKeys.count)")
            #expect(keys.count == count, "\(keys.count) distinct retry keys for \(count) notifications")
            #expect(pushes.count >= count)
            var bodies: [String: Set<[UInt8]>] = [:]
            for push in pushes { bodies[push.retryKey ?? "", default: []].insert(push.body) }
            #expect(bodies.values.allSatisfy { $0.count == 1 }, "a retry key carried two different messages")
        }
    }

    /// A merchant with a LINE channel, one technician, a 15-minute service; returns its id.
    static func salon(on node: NodeProcess) async throws -> String {
        let merchant = try await node.call(
            "POST", "/v1/merchants", body: #"{"name":"Crash Nails","slotMinutes":15,"maxDaysAhead":200}"#)
        let id = try #require(merchant.json?["id"] as? String)
        let hours = (1...7).map { #"{"weekday":\#($0),"start":"10:00","end":"20:00"}"# }.joined(separator: ",")
        _ = try await node.call(
            "POST", "/v1/merchants/\(id)/staff", body: #"{"name":"Amy","workingHours":[\#(hours)]}"#)
        _ = try await node.call("POST", "/v1/merchants/\(id)/services", body: #"{"name":"Fix","durationMinutes":15}"#)
        _ = try await node.call(
            "POST", "/v1/merchants/\(id)/customers", body: #"{"displayName":"王小姐","lineUserId":"Ucrash"}"#)
        let channel = try await node.call(
            "PUT", "/v1/merchants/\(id)/line-channel",
            body: #"""
                {"channelId":"1","channelSecret":"s3cr3t","channelAccessToken":"tok-crash",
                 "reminderOffsetsMinutes":[],"monthlyPushLimit":0}
                """#)
        try #require(channel.status == 200, "channel: \(String(decoding: channel.body, as: UTF8.self))")
        return id
    }

    /// Books `count` quarter hours (10:00–20:00 Taipei) from the day after tomorrow on, 16 requests at a time.
    static func book(_ count: Int, merchant: String, on node: NodeProcess) async throws {
        let service = try #require(
            (try await node.call("GET", "/v1/merchants/\(merchant)/services").json?["services"] as? [[String: Any]])?
                .first?["id"] as? String)
        let customer = try #require(
            (try await node.call("GET", "/v1/merchants/\(merchant)/customers").json?["customers"] as? [[String: Any]])?
                .first?["id"] as? String)
        let formatter = ISO8601DateFormatter()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Asia/Taipei"))  // no DST: days are 24 h
        let firstDay = calendar.startOfDay(for: Date().addingTimeInterval(2 * 86_400))
        for batch in stride(from: 0, to: count, by: 16) {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in batch..<min(batch + 16, count) {
                    let minutes = (index / 40) * 1_440 + 10 * 60 + 15 * (index % 40)
                    let text = formatter.string(from: firstDay.addingTimeInterval(Double(minutes) * 60))
                    let body = #"{"serviceId":"\#(service)","customerId":"\#(customer)","startsAt":"\#(text)"}"#
                    group.addTask {
                        try await node.call("POST", "/v1/merchants/\(merchant)/bookings", body: body).status
                    }
                }
                for try await status in group { #expect(status == 201) }
            }
        }
    }
}
