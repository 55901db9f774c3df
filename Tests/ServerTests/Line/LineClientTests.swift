import AsyncHTTPClient
import Foundation
import Testing

@testable import Server

@Suite("LINE client against the fake LINE server")
struct LineClientTests {
    static let token = "channel-token-Zq81xKp0"
    static let user = "U4af4980629c7f5ae1a5e0d1bd5ba1234"
    let messages = LineMessages.text("您好")

    func client(_ fake: FakeLineServer, timeout: Duration = .seconds(5)) -> LineClient {
        LineClient(
            configuration: LineClientConfiguration(apiBase: fake.baseURL + "/", requestTimeout: timeout),
            httpClient: .shared
        )
    }

    func withFake(_ body: (FakeLineServer) async throws -> Void) async throws {
        try await FakeLineServer.with { fake in
            fake.registerChannel(accessToken: Self.token)
            try await body(fake)
        }
    }

    static func retryKey() -> String { UUID().uuidString.lowercased() }

    @Test("200: accepted, with the documented request shape")
    func accepted() async throws {
        try await withFake { fake in
            let key = Self.retryKey()
            let outcome = await client(fake).push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: key)
            #expect(outcome == .accepted)
            let request = try #require(fake.requests(to: .push).first)
            #expect(request.method == "POST")
            #expect(request.path == "/v2/bot/message/push")
            #expect(request.authorization == "Bearer \(Self.token)")
            #expect(request.retryKey == key)
            #expect(request.header("content-type") == "application/json")
            let body = try #require(request.json)
            #expect(body["to"] as? String == Self.user)
            let sent = try #require(body["messages"] as? [[String: Any]])
            #expect(sent.first?["text"] as? String == "您好")
            #expect(fake.acceptedRetryKeys == [key])
        }
    }

    @Test("409: a retry key LINE already accepted is reported as alreadyAccepted")
    func duplicate() async throws {
        try await withFake { fake in
            let key = Self.retryKey()
            let client = client(fake)
            let first = await client.push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: key)
            let second = await client.push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: key)
            #expect(first == .accepted)
            #expect(second == .alreadyAccepted)
            #expect(fake.requests(to: .push).count == 2)
        }
    }

    @Test("a scripted failure does not consume the retry key")
    func failureKeepsKey() async throws {
        try await withFake { fake in
            let key = Self.retryKey()
            fake.enqueue(.serverError, for: .push)
            let client = client(fake)
            let first = await client.push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: key)
            #expect(first == .serverError(status: 500))
            #expect(fake.acceptedRetryKeys.isEmpty)
            let retried = await client.push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: key)
            #expect(retried == .accepted)
        }
    }

    @Test(
        "scripted answers map to outcomes",
        arguments: [
            (
                FakeLineServer.Scripted.rateLimited(retryAfterSeconds: 7),
                LinePushOutcome.rateLimited(retryAfter: .seconds(7))
            ),
            (.rateLimited(retryAfterSeconds: nil), .rateLimited(retryAfter: nil)),
            (.monthlyLimitReached, .monthlyLimitReached),
            (.serverError, .serverError(status: 500)),
            (.status(503, json: "{}"), .serverError(status: 503)),
            (.unauthorized, .unauthorized(status: 401)),
            (
                .status(403, json: #"{"message":"Access to this API is not available for your account"}"#),
                .unauthorized(status: 403)
            ),
            (
                .badRequest("The request body has 2 error(s)"),
                .rejected(status: 400, message: "The request body has 2 error(s)")
            ),
            (.status(404, json: "not json"), .rejected(status: 404, message: "HTTP 404")),
        ]
    )
    func scripted(answer: FakeLineServer.Scripted, expected: LinePushOutcome) async throws {
        try await withFake { fake in
            fake.enqueue(answer, for: .push)
            let outcome = await client(fake).push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: Self.retryKey())
            #expect(outcome == expected)
        }
    }

    @Test("an unregistered token is unauthorized, and the token appears in no outcome")
    func unknownToken() async throws {
        try await withFake { fake in
            let outcome = await client(fake).push(
                channelAccessToken: "wrong-token", to: Self.user, messagesJSON: messages, retryKey: Self.retryKey())
            #expect(outcome == .unauthorized(status: 401))
            #expect(!"\(outcome)".contains("wrong-token"))
        }
    }

    @Test("a rejection message echoing the token is redacted")
    func redaction() async throws {
        try await withFake { fake in
            fake.enqueue(.badRequest("bad token \(Self.token) given"), for: .push)
            let outcome = await client(fake).push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: Self.retryKey())
            #expect(outcome == .rejected(status: 400, message: "bad token [redacted] given"))
        }
    }

    @Test("no answer within the timeout is timedOut; LINE still accepted it, so the retry gets 409")
    func timeout() async throws {
        try await withFake { fake in
            let key = Self.retryKey()
            fake.enqueue(.stall(.milliseconds(5_000)), for: .push)
            let started = ContinuousClock.now
            let outcome = await client(fake, timeout: .milliseconds(300)).push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: key)
            let elapsed = ContinuousClock.now - started
            #expect(outcome == .timedOut)
            // Well under the stall (5 s): the client gave up at its timeout, not when LINE answered.
            #expect(elapsed < .milliseconds(4_000), "the client waited \(elapsed)")
            try await Task.sleep(for: .milliseconds(5_000))
            let retried = await client(fake).push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: key)
            #expect(retried == .alreadyAccepted)
        }
    }

    @Test("a slow default behaviour delays every push but they still succeed")
    func slowLine() async throws {
        try await withFake { fake in
            fake.setBehaviour(.delayed(.milliseconds(150)), for: .push)
            let started = ContinuousClock.now
            let outcome = await client(fake).push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: Self.retryKey())
            #expect(outcome == .accepted)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
        }
    }

    @Test("nothing listening is a transport failure")
    func connectionRefused() async throws {
        let fake = try await FakeLineServer.start()
        let base = fake.baseURL
        await fake.stop()
        let client = LineClient(
            configuration: LineClientConfiguration(apiBase: base, requestTimeout: .seconds(2)), httpClient: .shared)
        let outcome = await client.push(
            channelAccessToken: Self.token, to: Self.user, messagesJSON: messages, retryKey: Self.retryKey())
        guard case .transportFailed(let reason) = outcome else {
            Issue.record("expected a transport failure, got \(outcome)")
            return
        }
        #expect(!reason.contains(Self.token))
    }

    @Test("messages that are not a JSON array are refused without calling LINE")
    func notAnArray() async throws {
        try await withFake { fake in
            let outcome = await client(fake).push(
                channelAccessToken: Self.token, to: Self.user, messagesJSON: Array(#"{"type":"text"}"#.utf8),
                retryKey: Self.retryKey())
            #expect(outcome == .rejected(status: 0, message: "messages must be a JSON array"))
            #expect(fake.requests.isEmpty)
        }
    }

    @Test("reply uses the reply endpoint once per token, without a retry key")
    func reply() async throws {
        try await withFake { fake in
            let client = client(fake)
            let first = await client.reply(channelAccessToken: Self.token, replyToken: "rt-1", messagesJSON: messages)
            let again = await client.reply(channelAccessToken: Self.token, replyToken: "rt-1", messagesJSON: messages)
            #expect(first == .accepted)
            #expect(again == .rejected(status: 400, message: "Invalid reply token"))
            let request = try #require(fake.requests(to: .reply).first)
            #expect(request.path == "/v2/bot/message/reply")
            #expect(request.retryKey == nil)
            #expect(request.json?["replyToken"] as? String == "rt-1")
        }
    }

    @Test("profile returns the display name and picture, nil for unknown users or bad tokens")
    func profile() async throws {
        try await withFake { fake in
            fake.registerProfile(userId: Self.user, displayName: "林小姐", pictureURL: "https://profile.line-scdn.net/x")
            fake.registerProfile(userId: "U2", displayName: "No Picture")
            let client = client(fake)
            #expect(
                await client.profile(channelAccessToken: Self.token, userId: Self.user)
                    == LineProfile(displayName: "林小姐", pictureURL: "https://profile.line-scdn.net/x"))
            #expect(
                await client.profile(channelAccessToken: Self.token, userId: "U2")
                    == LineProfile(displayName: "No Picture", pictureURL: nil))
            #expect(await client.profile(channelAccessToken: Self.token, userId: "U404") == nil)
            #expect(await client.profile(channelAccessToken: "wrong", userId: Self.user) == nil)
            #expect(fake.requests(to: .profile).first?.path == "/v2/bot/profile/\(Self.user)")
            #expect(fake.requests(to: .profile).first?.method == "GET")
        }
    }
}
