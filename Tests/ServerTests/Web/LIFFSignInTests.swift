import Core
import Foundation
import Testing

@testable import Server

/// The LIFF sign-in against a fake LINE Login: the page posts the raw ID token, the server verifies it.
@Suite("LIFF sign-in: ID-token verification against a fake LINE Login")
struct LIFFSignInTests {
    static let liffID = "1657000001-AbCdEfGh"
    static let loginChannel = "1657000001"

    /// A server whose LINE and LINE Login are the fake, and a salon with a LIFF app.
    static func with(_ body: (LineWorld, APISalon, WebClient) async throws -> Void) async throws {
        let fake = try await FakeLineServer.start()
        var line = LineConfiguration()
        line.apiBase = fake.baseURL
        try line.setMasterKey(LineWorld.masterKey)
        var web = WebConfiguration()
        web.lineLoginAPIBase = fake.baseURL
        let server = try await TestServer.start(line: line, web: web)
        let world = LineWorld(fake: fake, server: server)
        let client = WebClient(port: server.port)
        do {
            let salon = try await APISalon.make(server)
            try await world.connect(salon, token: "access-token-1", settings: #""liffId":"\#(liffID)""#)
            try await body(world, salon, client)
        } catch {
            try? await client.shutdown()
            await world.stop()
            throw error
        }
        try? await client.shutdown()
        await world.stop()
    }

    static func claims(sub: String = "U0123456789abcdef0123456789abcdef", aud: String = loginChannel, expIn: Int64)
        -> FakeLineServer.IDTokenClaims
    {
        let now = Int64(Date().timeIntervalSince1970)
        return FakeLineServer.IDTokenClaims(sub: sub, aud: aud, name: "林小姐", picture: nil, exp: now + expIn, iat: now)
    }

    @Test("the sign-in page runs liff.init with the salon's LIFF id and loads the configured SDK")
    func signInPage() async throws {
        try await Self.with { _, salon, client in
            let page = try await client.get("/book/\(salon.merchantID)")
            #expect(page.status == 200)
            #expect(page.html.contains(#"data-liff-id="\#(Self.liffID)""#))
            #expect(page.html.contains("static.line-scdn.net/liff/edge/2/sdk.js"))
            #expect(!page.html.contains("demo-sign-in"))
        }
    }

    @Test("a valid token: LINE is asked with the Login channel id, the customer is linked, the session is set")
    func validToken() async throws {
        try await Self.with { world, salon, client in
            world.fake.registerIDToken("token-valid", claims: Self.claims(expIn: 3600))
            let answer = try await client.post("/book/\(salon.merchantID)/session", ["id_token": "token-valid"])
            #expect(answer.status == 303)
            #expect(answer.location == "/book/\(salon.merchantID)")
            #expect(client.sessionCookie?.hasPrefix("nb_customer=") == true)
            let asked = try #require(world.fake.requests(to: .verify).first)
            let form = FormBody.parse(String(decoding: asked.body, as: UTF8.self))
            #expect(form["id_token"] == "token-valid" && form["client_id"] == Self.loginChannel)
            let customers = try await salon.call("GET", "/customers")
            #expect(String(decoding: customers.body, as: UTF8.self).contains("U0123456789abcdef0123456789abcdef"))
            let menu = try await client.get("/book/\(salon.merchantID)")
            #expect(menu.html.contains("choose-time"))
        }
    }

    @Test("with a stored loginChannelId, LINE is asked with it and aud must match it, not the LIFF id's prefix")
    func explicitLoginChannel() async throws {
        try await Self.with { world, salon, client in
            let explicit = "2000123456"
            let patched = try await salon.call("PATCH", "/line-channel", #"{"loginChannelId":"\#(explicit)"}"#)
            #expect(patched.status == 200 && patched.json?["loginChannelId"]?.string == explicit)
            #expect(patched.json?["liffId"]?.string == Self.liffID)
            // The fake LINE Login answers "Invalid IdToken Audience" unless client_id is the token's aud.
            world.fake.registerIDToken("token-explicit", claims: Self.claims(aud: explicit, expIn: 3600))
            let answer = try await client.post("/book/\(salon.merchantID)/session", ["id_token": "token-explicit"])
            #expect(answer.status == 303)
            #expect(client.sessionCookie?.hasPrefix("nb_customer=") == true)
            let asked = try #require(world.fake.requests(to: .verify).last)
            #expect(FormBody.parse(String(decoding: asked.body, as: UTF8.self))["client_id"] == explicit)
            // A token for the LIFF id's prefix channel is now refused.
            let other = WebClient(port: world.server.port)
            world.fake.registerIDToken("token-prefix", claims: Self.claims(expIn: 3600))
            let refused = try await other.post("/book/\(salon.merchantID)/session", ["id_token": "token-prefix"])
            #expect(refused.status == 401 && other.sessionCookie == nil)
            try? await other.shutdown()
        }
    }

    @Test("loginChannelId over the API: digits only, null falls back to the LIFF id's prefix")
    func loginChannelIdField() async throws {
        try await Self.with { world, salon, client in
            let read = try await salon.call("GET", "/line-channel")
            #expect(read.json?["loginChannelId"] == .some(.null))
            let tooLong = String(repeating: "1", count: 33)
            for bad in ["abc", "12-3", "", tooLong, "１２３"] {
                let answer = try await salon.call("PATCH", "/line-channel", #"{"loginChannelId":"\#(bad)"}"#)
                #expect(answer.status == 400, "\(bad)")
                #expect(answer.json?["field"]?.string == "loginChannelId", "\(bad)")
            }
            let put = try await world.connect(
                salon, token: "access-token-2", settings: #""liffId":"\#(Self.liffID)","loginChannelId":"2000123456""#)
            #expect(put.json?["loginChannelId"]?.string == "2000123456")
            let cleared = try await salon.call("PATCH", "/line-channel", #"{"loginChannelId":null}"#)
            #expect(cleared.json?["loginChannelId"] == .some(.null))
            world.fake.registerIDToken("token-valid", claims: Self.claims(expIn: 3600))
            let answer = try await client.post("/book/\(salon.merchantID)/session", ["id_token": "token-valid"])
            #expect(answer.status == 303)
        }
    }

    @Test("an expired token leads back through login, not to an error page")
    func expiredToken() async throws {
        try await Self.with { world, salon, client in
            world.fake.registerIDToken("token-old", claims: Self.claims(expIn: -60))
            let answer = try await client.post("/book/\(salon.merchantID)/session", ["id_token": "token-old"])
            #expect(answer.status == 401)
            #expect(answer.html.contains(#"id="liff-relogin""#) && answer.html.contains("login-again"))
            #expect(client.sessionCookie == nil)
        }
    }

    @Test("a token for another channel (LINE answers, but aud is wrong) is refused by our own check")
    func wrongAudience() async throws {
        try await Self.with { world, salon, client in
            let exp = Int64(Date().timeIntervalSince1970) + 3600
            world.fake.enqueue(
                .status(
                    200,
                    json: #"{"iss":"https://access.line.me","sub":"Uabc","aud":"999","exp":\#(exp),"iat":1,"name":"x"}"#
                ),
                for: .verify)
            let answer = try await client.post("/book/\(salon.merchantID)/session", ["id_token": "token-other"])
            #expect(answer.status == 401)
            #expect(client.sessionCookie == nil)
            #expect(
                LineLoginVerifier.check(
                    ["iss": "https://access.line.me", "sub": "U1", "aud": "999", "exp": exp], channelID: "1657000001",
                    now: Instant(secondsSinceEpoch: 0)) == .invalid(reason: "wrong audience"))
        }
    }

    @Test("LINE answers 400: back through login")
    func lineRefuses() async throws {
        try await Self.with { _, salon, client in
            let answer = try await client.post("/book/\(salon.merchantID)/session", ["id_token": "never-registered"])
            #expect(answer.status == 401)
            #expect(answer.html.contains("login-again"))
        }
    }

    @Test("LINE down: a clear page with a way to try again")
    func lineDown() async throws {
        try await Self.with { world, salon, client in
            world.fake.setBehaviour(.always(.serverError), for: .verify)
            let answer = try await client.post(
                "/book/\(salon.merchantID)/session", ["id_token": "token"], headers: ["Accept-Language": "en"])
            #expect(answer.status == 503)
            #expect(answer.html.contains("LINE cannot be reached right now"))
            #expect(answer.html.contains(#"href="/book/\#(salon.merchantID)""#))
        }
    }

    @Test("a cross-site post of a token is refused")
    func crossSite() async throws {
        try await Self.with { world, salon, client in
            world.fake.registerIDToken("token-valid", claims: Self.claims(expIn: 3600))
            let answer = try await client.post(
                "/book/\(salon.merchantID)/session", ["id_token": "token-valid"], origin: "https://evil.example")
            #expect(answer.status == 403)
            #expect(world.fake.requests(to: .verify).isEmpty)
        }
    }
}
