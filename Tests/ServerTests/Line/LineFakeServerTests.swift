import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import Server

/// The fake LINE server's own contract, which later engine and outbox tests rely on.
@Suite("LINE fake server")
struct LineFakeServerTests {
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var json: [String: Any]
    }

    func call(
        _ fake: FakeLineServer,
        _ method: HTTPMethod,
        _ path: String,
        headers: [(String, String)] = [],
        body: String? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: fake.baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(Array(body.utf8)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any]
        return Answer(status: Int(response.status.code), headers: response.headers, json: json ?? [:])
    }

    @Test("verify answers the claims of a registered ID token and LINE's error otherwise")
    func verify() async throws {
        try await FakeLineServer.with { fake in
            let now = Int64(Date().timeIntervalSince1970)
            fake.registerIDToken(
                "id.token.ok",
                claims: .init(
                    sub: "U1", aud: "1657000000", name: "林小姐", picture: "https://p/x", exp: now + 3_600, iat: now))
            fake.registerIDToken(
                "id.token.old",
                claims: .init(sub: "U2", aud: "1657000000", name: "Old", picture: nil, exp: now - 1, iat: now - 7_200))
            let form = [("Content-Type", "application/x-www-form-urlencoded")]
            let ok = try await call(
                fake, .POST, "/oauth2/v2.1/verify", headers: form, body: "id_token=id.token.ok&client_id=1657000000")
            #expect(ok.status == 200)
            #expect(ok.json["iss"] as? String == "https://access.line.me")
            #expect(ok.json["sub"] as? String == "U1")
            #expect(ok.json["aud"] as? String == "1657000000")
            #expect(ok.json["name"] as? String == "林小姐")
            #expect(ok.json["picture"] as? String == "https://p/x")
            #expect((ok.json["exp"] as? NSNumber)?.int64Value == now + 3_600)
            #expect((ok.json["iat"] as? NSNumber)?.int64Value == now)
            for (body, description) in [
                ("id_token=unknown&client_id=1657000000", "Invalid IdToken."),
                ("id_token=id.token.ok&client_id=999", "Invalid IdToken Audience."),
                ("id_token=id.token.old&client_id=1657000000", "IdToken expired."),
                ("client_id=1657000000", "Invalid IdToken."),
            ] {
                let answer = try await call(fake, .POST, "/oauth2/v2.1/verify", headers: form, body: body)
                #expect(answer.status == 400)
                #expect(answer.json["error"] as? String == "invalid_request")
                #expect(answer.json["error_description"] as? String == description)
            }
        }
    }

    @Test("push: 200 with sentMessages, then 409 with the accepted request id for the same retry key")
    func retryKeySemantics() async throws {
        try await FakeLineServer.with { fake in
            fake.registerChannel(accessToken: "tok")
            let key = "123e4567-e89b-12d3-a456-426614174000"
            let headers = [("Authorization", "Bearer tok"), ("X-Line-Retry-Key", key)]
            let body = #"{"to":"U1","messages":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}"#
            let before = Date()
            let first = try await call(fake, .POST, "/v2/bot/message/push", headers: headers, body: body)
            #expect(first.status == 200)
            let sent = try #require(first.json["sentMessages"] as? [[String: Any]])
            #expect(sent.count == 2)
            #expect(sent.allSatisfy { $0["id"] is String && $0["quoteToken"] is String })
            let requestId = try #require(first.headers.first(name: "x-line-request-id"))
            let second = try await call(fake, .POST, "/v2/bot/message/push", headers: headers, body: body)
            #expect(second.status == 409)
            #expect(second.json["message"] as? String == "The retry key is already accepted")
            #expect((second.json["sentMessages"] as? [[String: Any]])?.count == 2)
            #expect(second.headers.first(name: "x-line-accepted-request-id") == requestId)
            let recorded = fake.requests(to: .push)
            #expect(recorded.count == 2)
            #expect(recorded[0].arrivedAt <= recorded[1].arrivedAt)
            #expect(recorded[0].wallTime >= before.addingTimeInterval(-1))
            #expect(recorded[0].retryKey == key)
            #expect(String(decoding: recorded[0].body, as: UTF8.self) == body)
        }
    }

    @Test("push refuses a malformed retry key, a bad body and an unknown token")
    func refusals() async throws {
        try await FakeLineServer.with { fake in
            fake.registerChannel(accessToken: "tok")
            let body = #"{"to":"U1","messages":[{"type":"text","text":"a"}]}"#
            let badKey = try await call(
                fake, .POST, "/v2/bot/message/push",
                headers: [("Authorization", "Bearer tok"), ("X-Line-Retry-Key", "not-a-uuid")], body: body)
            #expect(badKey.status == 400)
            let noMessages = try await call(
                fake, .POST, "/v2/bot/message/push", headers: [("Authorization", "Bearer tok")],
                body: #"{"to":"U1","messages":[]}"#)
            #expect(noMessages.status == 400)
            let unknown = try await call(
                fake, .POST, "/v2/bot/message/push", headers: [("Authorization", "Bearer nope")], body: body)
            #expect(unknown.status == 401)
            #expect((unknown.json["message"] as? String)?.hasPrefix("Authentication failed") == true)
            #expect(fake.acceptedRetryKeys.isEmpty)
        }
    }

    @Test("scripted answers are used in order, then the default behaviour applies")
    func scriptOrder() async throws {
        try await FakeLineServer.with { fake in
            fake.registerChannel(accessToken: "tok")
            fake.enqueue(.rateLimited(retryAfterSeconds: 3), .serverError, for: .push)
            fake.setBehaviour(
                .always(.status(418, json: #"{"message":"teapot"}"#, headers: ["X-Test": "1"])), for: .push)
            let headers = [("Authorization", "Bearer tok")]
            let body = #"{"to":"U1","messages":[{"type":"text","text":"a"}]}"#
            let first = try await call(fake, .POST, "/v2/bot/message/push", headers: headers, body: body)
            #expect(first.status == 429)
            #expect(first.headers.first(name: "retry-after") == "3")
            let second = try await call(fake, .POST, "/v2/bot/message/push", headers: headers, body: body)
            #expect(second.status == 500)
            let third = try await call(fake, .POST, "/v2/bot/message/push", headers: headers, body: body)
            #expect(third.status == 418)
            #expect(third.headers.first(name: "x-test") == "1")
            fake.setBehaviour(.normal, for: .push)
            let fourth = try await call(fake, .POST, "/v2/bot/message/push", headers: headers, body: body)
            #expect(fourth.status == 200)
        }
    }
}
