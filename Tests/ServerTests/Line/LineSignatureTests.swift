import Foundation
import Testing

@testable import Server

@Suite("LINE webhook signature")
struct LineSignatureTests {
    // Expected values computed independently with Python:
    //   base64.b64encode(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest())
    static let vectors: [(secret: String, body: String, signature: String)] = [
        ("testsecret", #"{"destination":"U123","events":[]}"#, "FbJ56+JptDzTg2B3aSe7YtHY31Mpm1JycvnMjDwJNkw="),
        (
            "8c570fa6dd201bb328f1c1eac23a96d8", #"{"destination":"Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","events":[]}"#,
            "bZdaGbp7k06iRcfStcqYXc8JG2TZ6XPh/ZLc4BkLE8w="
        ),
        // The well-known HMAC-SHA256 example (hex f7bc83f4…2d1a3cd8).
        ("key", "The quick brown fox jumps over the lazy dog", "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="),
        // Non-ASCII secret and body: the key is the secret's UTF-8 bytes.
        ("秘密", "預約", "npx7mDvN1pdFny8DF3ocMwN3iWEylByrEBq/nWlPphg="),
    ]

    @Test("matches independently computed vectors", arguments: 0..<vectors.count)
    func knownVectors(index: Int) {
        let vector = Self.vectors[index]
        let body = Array(vector.body.utf8)
        #expect(LineSignature.signature(body: body, channelSecret: vector.secret) == vector.signature)
        #expect(LineSignature.isValid(body: body, header: vector.signature, channelSecret: vector.secret))
    }

    @Test("a changed body fails")
    func tamperedBody() {
        let vector = Self.vectors[0]
        var body = Array(vector.body.utf8)
        for index in body.indices {
            let original = body[index]
            body[index] ^= 0x01
            #expect(!LineSignature.isValid(body: body, header: vector.signature, channelSecret: vector.secret))
            body[index] = original
        }
        #expect(LineSignature.isValid(body: body, header: vector.signature, channelSecret: vector.secret))
        #expect(!LineSignature.isValid(body: body + [0x20], header: vector.signature, channelSecret: vector.secret))
    }

    @Test("another secret fails")
    func wrongSecret() {
        let vector = Self.vectors[0]
        let body = Array(vector.body.utf8)
        #expect(!LineSignature.isValid(body: body, header: vector.signature, channelSecret: "testsecreT"))
        #expect(!LineSignature.isValid(body: body, header: vector.signature, channelSecret: ""))
    }

    @Test("missing, empty, non-base64 or truncated headers fail")
    func badHeaders() throws {
        let vector = Self.vectors[0]
        let body = Array(vector.body.utf8)
        let decoded = try #require(Data(base64Encoded: vector.signature))
        let truncated = Data(decoded.prefix(16)).base64EncodedString()
        for header in [nil, "", "not base64!!", truncated, "sha256=" + vector.signature, vector.signature + "AA=="] {
            #expect(!LineSignature.isValid(body: body, header: header, channelSecret: vector.secret))
        }
    }

    @Test("sign then verify holds for random bodies")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 63, 64, 65, 4_096] {
            let body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let signature = LineSignature.signature(body: body, channelSecret: "s3cret")
            #expect(LineSignature.isValid(body: body, header: signature, channelSecret: "s3cret"))
        }
    }
}
