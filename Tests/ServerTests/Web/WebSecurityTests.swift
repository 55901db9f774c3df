import Core
import Foundation
import Testing

@testable import Server

@Suite("Booking pages: cookies, CSRF, security headers")
struct WebSecurityTests {
    @Test("the session cookie is signed, HttpOnly, SameSite=Lax, scoped to /book/, with an expiry; Secure on https")
    func cookieAttributes() async throws {
        try await BookingPageWorld.with { world in
            let client = WebClient(port: world.server.port)
            defer { Task { try? await client.shutdown() } }
            let answer = try await client.post(world.bookPath + "/demo-session", [:])
            let cookie = try #require(answer.header("Set-Cookie"))
            #expect(cookie.hasPrefix("nb_customer="))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/book/"))
            #expect(cookie.contains("Max-Age=604800"))
            #expect(!cookie.contains("Secure"))
        }
        let https: (inout WebConfiguration) -> Void = { $0.publicBaseURL = "https://salon.example" }
        try await BookingPageWorld.with(configure: https) { world in
            let client = WebClient(port: world.server.port)
            defer { Task { try? await client.shutdown() } }
            let answer = try await client.post(world.bookPath + "/demo-session", [:])
            #expect(answer.header("Set-Cookie")?.contains("Secure") == true)
        }
    }

    @Test("a tampered, expired or other salon's session is no session")
    func signedSessions() {
        let signer = SessionSigner(key: Array(repeating: 7, count: 32))
        let now = Instant(secondsSinceEpoch: 1_000_000)
        let session = CustomerSession(
            merchantID: MerchantID(5), customerID: CustomerID(9), expiresAt: now + 3600)
        let value = signer.cookieValue(session)
        #expect(signer.session(from: value, merchantID: MerchantID(5), now: now) == session)
        #expect(signer.session(from: value, merchantID: MerchantID(6), now: now) == nil)
        #expect(signer.session(from: value, merchantID: MerchantID(5), now: now + 3600) == nil)
        let forged = value.replacingOccurrences(of: "v1.5.9.", with: "v1.5.8.")
        #expect(forged != value)
        #expect(signer.session(from: forged, merchantID: MerchantID(5), now: now) == nil)
        let other = SessionSigner(key: Array(repeating: 8, count: 32))
        #expect(other.session(from: value, merchantID: MerchantID(5), now: now) == nil)
        let token = signer.csrfToken(for: session)
        #expect(signer.isValidCSRF(token, for: session))
        #expect(
            !signer.isValidCSRF(
                token,
                for: CustomerSession(merchantID: MerchantID(5), customerID: CustomerID(10), expiresAt: now + 3600)))
    }

    @Test("state changes need the session's CSRF token and a same-origin request")
    func csrf() async throws {
        try await BookingPageWorld.with { world in
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let times = try await world.times(client)
            let slot = try #require(WebClient.slots(in: times.html).first)
            let csrf = try #require(times.csrf)
            let fields = ["service": world.salon.serviceID, "staff": "any", "slot": slot]
            #expect(try await client.post(world.bookPath + "/holds", fields).status == 403)
            var wrong = fields
            wrong["_csrf"] = "AAAA" + csrf.dropFirst(4)
            #expect(try await client.post(world.bookPath + "/holds", wrong).status == 403)
            var good = fields
            good["_csrf"] = csrf
            #expect(
                try await client.post(world.bookPath + "/holds", good, origin: "https://evil.example").status == 403)
            #expect(
                try await client.post(world.bookPath + "/holds", good, headers: ["Sec-Fetch-Site": "cross-site"]).status
                    == 403)
            #expect(try await client.post(world.bookPath + "/holds", good).location?.contains("/holds/hld_") == true)
            let anonymous = WebClient(port: world.server.port)
            defer { Task { try? await anonymous.shutdown() } }
            #expect(try await anonymous.post(world.bookPath + "/holds", good).location == world.bookPath)
        }
    }

    @Test("every page carries a strict CSP, nosniff, a referrer policy, and frame rules that let LINE open it")
    func securityHeaders() async throws {
        try await BookingPageWorld.with { world in
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            for path in [world.bookPath, world.bookPath + "/bookings", "/book/mer_0000000000000"] {
                let page = try await client.get(path)
                let csp = try #require(page.header("Content-Security-Policy"), "\(path)")
                #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"))
                #expect(csp.contains("frame-ancestors 'self' https://*.line.me"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(page.header("X-Content-Type-Options") == "nosniff")
                #expect(page.header("Referrer-Policy") == "same-origin")
                #expect(page.header("X-Frame-Options") == nil)
            }
        }
    }

    @Test("static files have content-hashed names and a long cache")
    func staticFiles() async throws {
        try await BookingPageWorld.with { world in
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let menu = try await client.get(world.bookPath)
            let css = try #require(WebClient.attribute(after: #"<link rel="stylesheet" href=""#, in: menu.html))
            #expect(css.range(of: #"^/static/app\.[0-9a-f]{12}\.css$"#, options: .regularExpression) != nil)
            let file = try await client.get(css)
            #expect(file.status == 200)
            #expect(file.header("Cache-Control") == "public, max-age=31536000, immutable")
            #expect(try await client.get("/static/app.css").status == 404)
        }
    }

    @Test("the session key is kept in DIR/session-key, mode 0600, and reused; the master key derives one instead")
    func sessionKeyFile() throws {
        let directory = TestServer.temporaryDirectory()
        let (first, source) = try SessionKey.load(dataDirectory: directory, environment: [:])
        #expect(source == .file(path: directory + "/session-key", created: true))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/session-key")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let (again, _) = try SessionKey.load(dataDirectory: directory, environment: [:])
        #expect(again == first && first.count == 32)
        let (derived, derivedSource) = try SessionKey.load(
            dataDirectory: directory, environment: ["NAILBOOK_MASTER_KEY": LineWorld.masterKey])
        #expect(derivedSource == .masterKey && derived != first)
    }
}
