import Foundation
import Testing

@testable import Server

@Suite("LINE secrets: SecretBox")
struct LineSecretBoxTests {
    static let masterKey = Data((0..<32).map { UInt8($0 &* 7 &+ 3) }).base64EncodedString()
    static let otherKey = Data((0..<32).map { UInt8($0 &* 5 &+ 1) }).base64EncodedString()
    let plaintext = Array("channel-access-token-abc123".utf8)
    let associatedData = Array("merchant:mer_0000000000001:lineAccessToken".utf8)

    @Test("seal then open returns the plaintext; the layout is version | nonce | ciphertext | tag")
    func roundTrip() throws {
        let box = try SecretBox(masterKeyBase64: Self.masterKey)
        let sealed = box.seal(plaintext, associatedData: associatedData)
        #expect(sealed.count == 1 + 12 + plaintext.count + 16)
        #expect(sealed[0] == 0x01)
        #expect(try box.open(sealed, associatedData: associatedData) == plaintext)
        #expect(!contains(sealed, plaintext))
        let empty = box.seal([], associatedData: [])
        #expect(try box.open(empty, associatedData: []) == [])
    }

    @Test("each seal uses a fresh nonce")
    func freshNonces() throws {
        let box = try SecretBox(masterKeyBase64: Self.masterKey)
        let first = box.seal(plaintext, associatedData: associatedData)
        let second = box.seal(plaintext, associatedData: associatedData)
        #expect(first[1..<13] != second[1..<13])
        #expect(first != second)
    }

    @Test("changing any byte makes opening fail")
    func tamperAnyByte() throws {
        let box = try SecretBox(masterKeyBase64: Self.masterKey)
        let sealed = box.seal(plaintext, associatedData: associatedData)
        for index in sealed.indices {
            var altered = sealed
            altered[index] ^= 0x80
            #expect(throws: SecretBoxError.self, "byte \(index)") {
                try box.open(altered, associatedData: associatedData)
            }
        }
        #expect(throws: SecretBoxError.self) { try box.open(Array(sealed.dropLast()), associatedData: associatedData) }
        #expect(throws: SecretBoxError.self) { try box.open(Array(sealed.prefix(28)), associatedData: associatedData) }
    }

    @Test("another key fails")
    func wrongKey() throws {
        let sealed = try SecretBox(masterKeyBase64: Self.masterKey).seal(plaintext, associatedData: associatedData)
        let other = try SecretBox(masterKeyBase64: Self.otherKey)
        do {
            _ = try other.open(sealed, associatedData: associatedData)
            Issue.record("opened with the wrong key")
        } catch {
            #expect(error.code == .authenticationFailed)
            #expect(!error.description.contains("channel-access-token"))
        }
    }

    @Test("other associated data fails")
    func wrongAssociatedData() throws {
        let box = try SecretBox(masterKeyBase64: Self.masterKey)
        let sealed = box.seal(plaintext, associatedData: associatedData)
        #expect(throws: SecretBoxError.self) {
            try box.open(sealed, associatedData: Array("merchant:mer_0000000000002:lineAccessToken".utf8))
        }
        #expect(throws: SecretBoxError.self) { try box.open(sealed, associatedData: []) }
    }

    @Test("unknown versions and short values are refused with their own codes")
    func malformed() throws {
        let box = try SecretBox(masterKeyBase64: Self.masterKey)
        var sealed = box.seal(plaintext, associatedData: associatedData)
        sealed[0] = 0x02
        #expect(throws: SecretBoxError(code: .unsupportedVersion, message: "unknown sealed format version 2")) {
            try box.open(sealed, associatedData: associatedData)
        }
        do {
            _ = try box.open([0x01, 2, 3], associatedData: [])
            Issue.record("opened three bytes")
        } catch {
            #expect(error.code == .malformed)
        }
    }

    @Test("master keys that are not 32 bytes of base64 are refused without echoing the key")
    func badMasterKeys() {
        let cases: [(String, SecretBoxError.Code)] = [
            ("", .masterKeyNotBase64),
            ("not base64 at all!", .masterKeyNotBase64),
            (Data(repeating: 9, count: 16).base64EncodedString(), .masterKeyWrongLength),
            (Data(repeating: 9, count: 31).base64EncodedString(), .masterKeyWrongLength),
            (Data(repeating: 9, count: 33).base64EncodedString(), .masterKeyWrongLength),
            (Data(repeating: 9, count: 64).base64EncodedString(), .masterKeyWrongLength),
        ]
        for (key, code) in cases {
            do {
                _ = try SecretBox(masterKeyBase64: key)
                Issue.record("accepted a bad master key of \(key.count) characters")
            } catch {
                #expect(error.code == code)
                if !key.isEmpty { #expect(!error.description.contains(key)) }
            }
        }
        #expect(throws: Never.self) { try SecretBox(masterKeyBase64: " \(Self.masterKey)\n") }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<$0 + needle.count]) == needle }
    }
}
