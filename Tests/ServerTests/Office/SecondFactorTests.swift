import Core
import Foundation
import Testing

@testable import Server

@Suite("Two-step sign-in (TOTP)")
struct SecondFactorTests {
    @Test("codes follow RFC 6238's SHA-1 test vector, within one step of drift")
    func rfcVector() {
        // RFC 6238 appendix B: the ASCII secret "12345678901234567890", T = 59 s → 94287082 (8 digits; 6: 287082).
        let secret = "12345678901234567890"
        let at59 = Instant(secondsSinceEpoch: 59)
        #expect(SecondFactor.code(secret: secret, now: at59) == "287082")
        #expect(SecondFactor.matchingStep("287 082", secret: secret, now: at59) == 1)
        #expect(SecondFactor.matchingStep("287082", secret: secret, now: Instant(secondsSinceEpoch: 89)) == 1)
        #expect(SecondFactor.matchingStep("287082", secret: secret, now: Instant(secondsSinceEpoch: 120)) == nil)
        #expect(SecondFactor.matchingStep("28708", secret: secret, now: at59) == nil)
        #expect(SecondFactor.matchingStep("２８７０８２", secret: secret, now: at59) == nil)
        let codes = SecondFactorCodes()
        #expect(codes.claim(1, for: UserID(7)) && !codes.claim(1, for: UserID(7)) && !codes.claim(0, for: UserID(7)))
        #expect(codes.claim(1, for: UserID(8)))
    }

    @Test("an owner turns it on; signing in then needs a code, used once; wrong codes lock like wrong passwords")
    func signInWithCode() async throws {
        try await OfficeWorld.with { world in
            let owner = try await world.account(.owner, login: "owner")
            let elsewhere = world.client()
            _ = try await elsewhere.post(
                "/office/signin", ["login": "owner", "password": "correct horse battery"])
            #expect(try await elsewhere.get("/office").status == 200)
            let start = try await owner.get("/office/two-factor")
            #expect(start.html.contains(#"id="two-factor-setup""#))
            let setup = try await owner.post("/office/two-factor/setup", ["_csrf": try #require(start.csrf)])
            let key = try #require(WebClient.attribute(after: #"<code id="two-factor-key">"#, in: setup.html, end: "<"))
            let pending = try #require(WebClient.attribute(after: #"name="pending" value=""#, in: setup.html))
            #expect(setup.html.contains("otpauth://totp/Nailbook:owner?secret="))
            let secret = try Self.secret(fromTypedKey: key)
            let now = world.server.clock.now
            let wrong = try await owner.post(
                "/office/two-factor/enable",
                [
                    "_csrf": try #require(setup.csrf), "pending": pending,
                    "code": Self.wrongCode(secret: secret, now: now),
                ])
            #expect(wrong.status == 422)
            #expect(
                world.server.node.engine.account(LoginKey(isOperator: false, login: "owner"))?.sealedTOTPSecret == nil)
            let on = try await owner.post(
                "/office/two-factor/enable",
                [
                    "_csrf": try #require(setup.csrf), "pending": pending,
                    "code": SecondFactor.code(secret: secret, now: now),
                ])
            #expect(on.status == 200 && on.html.contains(#"id="two-factor-notice""#))
            let account = try #require(world.server.node.engine.account(LoginKey(isOperator: false, login: "owner")))
            let sealed = try #require(account.sealedTOTPSecret)
            #expect(!String(decoding: sealed, as: UTF8.self).contains(secret))
            // This browser stays signed in; the other one was signed out.
            #expect(try await owner.get("/office").status == 200)
            #expect(try await elsewhere.get("/office").status == 303)
            // Signing in: the password alone is not enough.
            let browser = world.client()
            let step = try await browser.post(
                "/office/signin", ["login": "owner", "password": "correct horse battery"])
            #expect(step.status == 200 && step.html.contains(#"id="sign-in-code""#))
            #expect(try await browser.get("/office").status == 303)
            let challenge = try #require(WebClient.attribute(after: #"name="challenge" value=""#, in: step.html))
            // A forged challenge goes back to the sign-in page.
            let forged = try await browser.post(
                "/office/signin/code", ["challenge": "c1.office.1.1.9999999999.x", "code": "123456"])
            #expect(forged.location == "/office/signin")
            // The code the owner just used to turn it on is spent; the next step's code works once.
            let spent = try await browser.post(
                "/office/signin/code", ["challenge": challenge, "code": SecondFactor.code(secret: secret, now: now)])
            #expect(spent.status == 401)
            world.server.clock.advance(seconds: 30)
            let later = world.server.clock.now
            let code = SecondFactor.code(secret: secret, now: later)
            let done = try await browser.post("/office/signin/code", ["challenge": challenge, "code": code])
            #expect(done.status == 303 && done.location == "/office")
            #expect(try await browser.get("/office").status == 200)
            let replay = world.client()
            let again = try await replay.post(
                "/office/signin", ["login": "owner", "password": "correct horse battery"])
            let second = try #require(WebClient.attribute(after: #"name="challenge" value=""#, in: again.html))
            #expect(try await replay.post("/office/signin/code", ["challenge": second, "code": code]).status == 401)
            // Four more wrong codes: five failures lock the account.
            for _ in 0..<4 {
                let code = Self.wrongCode(secret: secret, now: world.server.clock.now)
                _ = try await replay.post("/office/signin/code", ["challenge": second, "code": code])
            }
            world.server.clock.advance(seconds: 30)
            let locked = try await replay.post(
                "/office/signin/code",
                ["challenge": second, "code": SecondFactor.code(secret: secret, now: world.server.clock.now)])
            #expect(locked.status == 429)
        }
    }

    @Test("a code of the app turns it off; without a master key it cannot be turned on")
    func turnOff() async throws {
        try await OfficeWorld.with { world in
            let owner = try await world.account(.owner, login: "owner")
            let setup = try await owner.post(
                "/office/two-factor/setup", ["_csrf": try #require(try await owner.get("/office/two-factor").csrf)])
            let key = try #require(WebClient.attribute(after: #"<code id="two-factor-key">"#, in: setup.html, end: "<"))
            let secret = try Self.secret(fromTypedKey: key)
            let pending = try #require(WebClient.attribute(after: #"name="pending" value=""#, in: setup.html))
            let on = try await owner.post(
                "/office/two-factor/enable",
                [
                    "_csrf": try #require(setup.csrf), "pending": pending,
                    "code": SecondFactor.code(secret: secret, now: world.server.clock.now),
                ])
            #expect(on.status == 200)
            world.server.clock.advance(seconds: 30)
            let off = try await owner.post(
                "/office/two-factor/disable",
                [
                    "_csrf": try #require(on.csrf),
                    "code": SecondFactor.code(secret: secret, now: world.server.clock.now),
                ])
            #expect(off.status == 200 && off.html.contains(#"id="two-factor-setup""#))
            #expect(
                world.server.node.engine.account(LoginKey(isOperator: false, login: "owner"))?.sealedTOTPSecret == nil)
            let browser = world.client()
            let signIn = try await browser.post(
                "/office/signin", ["login": "owner", "password": "correct horse battery"])
            #expect(signIn.status == 303)
        }
        try await OfficeWorld.with(masterKey: false) { world in
            let owner = try await world.account(.owner, login: "owner")
            let page = try await owner.get("/office/two-factor")
            #expect(!page.html.contains(#"id="two-factor-setup""#) && page.html.contains("NAILBOOK_MASTER_KEY"))
            let refused = try await owner.post("/office/two-factor/setup", ["_csrf": try #require(page.csrf)])
            #expect(refused.status == 503)
        }
    }

    /// A code that is not the right one at `now`, nor one step either side.
    static func wrongCode(secret: String, now: Instant) -> String {
        let right = Set([-30, 0, 30].map { SecondFactor.code(secret: secret, now: now + Int64($0)) })
        return ["000000", "111111", "222222", "333333"].first { !right.contains($0) }!
    }

    /// The secret from the key an app would be given (the base32 of the secret's bytes, in groups of four).
    static func secret(fromTypedKey key: String) throws -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0
        var value = 0
        var bytes: [UInt8] = []
        for character in key where character != " " {
            let index = try #require(alphabet.firstIndex(of: character))
            value = (value << 5) | index
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((value >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
