import Core
import Foundation
import Testing

@testable import Server

/// A server wired to a fake LINE server, with a master key: the world of the LINE tests.
struct LineWorld: Sendable {
    let fake: FakeLineServer
    let server: TestServer

    /// A fixed test master key (32 bytes, base64).
    static let masterKey = Data((0..<32).map { UInt8($0 &* 7 &+ 3) }).base64EncodedString()

    static func start(_ configure: (inout LineConfiguration) -> Void = { _ in }) async throws -> LineWorld {
        let fake = try await FakeLineServer.start()
        var line = LineConfiguration()
        line.apiBase = fake.baseURL
        line.publicBaseURL = "https://nailbook.example"
        line.retryDelayFirst = .seconds(1)
        line.pollInterval = .milliseconds(10)
        line.requestTimeout = .seconds(5)
        try line.setMasterKey(masterKey)
        configure(&line)
        let server = try await TestServer.start(line: line)
        return LineWorld(fake: fake, server: server)
    }

    /// Runs `body` in a fresh world and always stops it afterwards.
    static func with(
        configure: (inout LineConfiguration) -> Void = { _ in },
        _ body: (LineWorld) async throws -> Void
    ) async throws {
        let world = try await start(configure)
        do {
            try await body(world)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }

    func stop() async {
        await server.stop()
        await fake.stop()
    }

    /// Stores a LINE channel for the salon (the fake accepts `token` only if `registered`).
    @discardableResult
    func connect(
        _ salon: APISalon,
        token: String,
        secret: String = "0123456789abcdef0123456789abcdef",
        registered: Bool = true,
        settings: String = ""
    ) async throws -> TestServer.Answer {
        if registered { fake.registerChannel(accessToken: token) }
        let extra = settings.isEmpty ? "" : ", " + settings
        let body = #"{"channelId":"1657000000","channelSecret":"\#(secret)","channelAccessToken":"\#(token)"\#(extra)}"#
        let answer = try await salon.call("PUT", "/line-channel", body)
        try #require(answer.status == 200, "line-channel: \(String(decoding: answer.body, as: UTF8.self))")
        return answer
    }

    /// Posts a webhook body, signed with `secret` (nil: no signature header).
    func webhook(_ merchantID: String, body: String, secret: String? = "0123456789abcdef0123456789abcdef")
        async throws -> TestServer.Answer
    {
        var headers: [String: String] = [:]
        if let secret {
            headers["X-Line-Signature"] = LineSignature.signature(body: Array(body.utf8), channelSecret: secret)
        }
        return try await server.call("POST", "/line/webhook/\(merchantID)", body: body, headers: headers)
    }

    /// The salon's notifications (optionally filtered by a query string).
    func notifications(_ salon: APISalon, _ query: String = "") async throws -> [JSON] {
        let answer = try await salon.call("GET", "/notifications" + query)
        try #require(answer.status == 200, "notifications: \(String(decoding: answer.body, as: UTF8.self))")
        return answer.json?["notifications"]?.array ?? []
    }

    /// Waits until `condition` holds (polling), or fails after `seconds`.
    func eventually(
        _ what: String,
        seconds: Double = 10,
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("timed out waiting until \(what)")
        throw CancellationError()
    }

    /// A LINE webhook body with one event.
    static func event(_ type: String, id: String, user: String, extra: String = "", replyToken: String? = "rt-1")
        -> String
    {
        let reply = replyToken.map { #""replyToken":"\#($0)","# } ?? ""
        return #"""
            {"destination":"U0000","events":[{"type":"\#(type)","mode":"active","timestamp":1795737600000,\#(reply)"source":{"type":"user","userId":"\#(user)"},"webhookEventId":"\#(id)","deliveryContext":{"isRedelivery":false}\#(extra)}]}
            """#
    }
}
