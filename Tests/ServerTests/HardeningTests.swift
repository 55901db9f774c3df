import Foundation
import Node
import ProcessTestSupport
import Testing
import WAL
import WALTesting

@testable import Server

/// What an outside review found on a live server: waits before authentication, leaks, control characters and
/// duplicate keys, unreadable bodies.
@Suite("Hardening")
struct HardeningTests {
    @Test("X-Nailbook-Min-LSN waits only after authentication, and /health ignores it")
    func minLSNAfterAuthentication() async throws {
        try await TestServer.with { server in
            // Before the fix the wait came first: 2 s later, 503 replica_lagging, whoever asked.
            let anonymous = try await server.call(
                "GET", "/v1/merchants", headers: ["X-Nailbook-Min-LSN": "999999"])
            #expect(anonymous.status == 401 && anonymous.json?["code"]?.string == "unauthorized")
            let health = try await server.call("GET", "/health", headers: ["X-Nailbook-Min-LSN": "999999"])
            #expect(health.status == 200)
            let lagging = try await server.admin("GET", "/v1/merchants", headers: ["X-Nailbook-Min-LSN": "999999"])
            #expect(lagging.status == 503 && lagging.json?["code"]?.string == "replica_lagging")
        }
    }

    @Test("a failed fsync: neither the 503 nor /health names a file")
    func noPathsInAnswers() async throws {
        let storage = SimulatedStorage(seed: 11)
        var options = NodeOptions()
        options.storage = storage
        try await TestServer.with(options: options) { server in
            let salon = try await APISalon.make(server)
            storage.inject(.syncFails(atSync: 1))
            let refused = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))
            let health = try await server.call("GET", "/health")
            #expect(refused.status == 503 && health.status == 503)
            for answer in [refused, health] {
                let text = String(decoding: answer.body, as: UTF8.self)
                #expect(!text.contains(server.directory) && !text.contains(".seg"), "a path in: \(text)")
            }
            #expect(health.json?["reason"]?.string?.isEmpty == false)
        }
    }

    @Test("with a metrics token, /metrics needs it")
    func metricsToken() async throws {
        let server = try await TestServer.start { $0.setMetricsToken("metrics-secret") }
        #expect(try await server.call("GET", "/metrics").status == 401)
        #expect(try await server.call("GET", "/metrics", token: "wrong").status == 401)
        #expect(try await server.call("GET", "/metrics", token: server.adminToken).status == 401)
        let scraped = try await server.call("GET", "/metrics", token: "metrics-secret")
        #expect(scraped.status == 200 && String(decoding: scraped.body, as: UTF8.self).contains("http_requests_total"))
        await server.stop()
    }

    @Test(
        "control characters in single-line fields are refused with the field",
        arguments: [
            (#"{"displayName":"Lin\u0000"}"#, "displayName"),
            (#"{"displayName":"\u001b[31mLin"}"#, "displayName"),
            (#"{"displayName":"Lin\r\nX-Injected: 1"}"#, "displayName"),
            (#"{"displayName":"Lin","phone":"0912\n345"}"#, "phone"),
            (#"{"displayName":"Lin","lineUserId":"U1234\u0007"}"#, "lineUserId"),
            (#"{"displayName":"Lin\u0085"}"#, "displayName"),
            // An empty key is named `""` (schemathesis found an empty `field`).
            (#"{"displayName":"Lin","":"x\u0000"}"#, #""""#),
        ])
    func controlCharactersRefused(body: String, field: String) async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let answer = try await salon.call("POST", "/customers", body)
            #expect(answer.status == 400, "\(body)")
            #expect(answer.json?["code"]?.string == "validation_failed" && answer.json?["field"]?.string == field)
            #expect((try await salon.call("GET", "/customers")).json?["customers"]?.array?.count == 1)
        }
    }

    @Test("a duplicate key is refused; a cancellation reason may span lines")
    func duplicateKeysAndMultiline() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let twice = try await salon.call("POST", "/customers", #"{"displayName":"A","displayName":"B"}"#)
            #expect(twice.status == 400 && twice.json?["field"]?.string == "displayName")
            let nested = try await salon.call(
                "PATCH", "/staff/\(salon.staffID)",
                #"{"workingHours":[{"weekday":1,"weekday":2,"start":"10:00","end":"20:00"}]}"#)
            #expect(nested.status == 400 && nested.json?["field"]?.string == "workingHours[0].weekday")
            let booked = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))
            let id = try #require(booked.json?["id"]?.string)
            let cancelled = try await salon.call(
                "POST", "/bookings/\(id)/cancel", #"{"reason":"sick\nwill call back"}"#)
            #expect(cancelled.status == 200, "\(String(decoding: cancelled.body, as: UTF8.self))")
        }
    }

    @Test("an invalid chunk size answers 400, not 413")
    func invalidChunkSize() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(
                "POST \(salon.base)/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(salon.apiKey)\r\n"
                    + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
            let (bytes, _) = await connection.receive()
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 400"), "\(text.prefix(300))")
        }
    }

    @Test("the webhook tells a merchant without a channel from a bad signature")
    func webhookRefusalsDiffer() async throws {
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server)
            let body = LineWorld.event("follow", id: "wh-1", user: "U0001")
            let noChannel = try await world.webhook(salon.merchantID, body: body)
            #expect(noChannel.status == 404 && noChannel.json?["code"]?.string == "line_channel_not_found")
            try await world.connect(salon, token: "token-1")
            let badSignature = try await world.webhook(salon.merchantID, body: body, secret: "not-the-secret")
            #expect(badSignature.status == 401 && badSignature.json?["code"]?.string == "invalid_signature")
            let metrics = String(decoding: try await world.server.call("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains("line_webhook_unknown_channel_total 1"))
            #expect(metrics.contains("line_webhook_signature_failures_total 1"))
        }
    }
}
