import Crypto
import Foundation

/// Seals small secrets (LINE channel secrets and access tokens) at rest with AES-256-GCM under one master key.
///
/// Sealed format: `0x01` (version) | 12-byte random nonce | ciphertext | 16-byte tag. The associated data (for
/// example the merchant id and the field name) is authenticated but not stored, so a sealed value copied to another
/// record fails to open.
struct SecretBox: Sendable {
    /// The format version written as the first byte.
    static let formatVersion: UInt8 = 0x01
    /// The master key length AES-256 needs.
    static let masterKeyByteCount = 32
    /// The AES-GCM nonce length.
    static let nonceByteCount = 12
    /// The AES-GCM tag length.
    static let tagByteCount = 16
    /// The bytes a sealed value adds to its plaintext.
    static let overheadByteCount = 1 + nonceByteCount + tagByteCount

    private let key: SymmetricKey

    /// Builds the box from a base64 master key, which must decode to exactly 32 bytes.
    init(masterKeyBase64: String) throws(SecretBoxError) {
        let trimmed = masterKeyBase64.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, let decoded = Data(base64Encoded: trimmed) else {
            throw SecretBoxError(code: .masterKeyNotBase64, message: "the master key is not valid base64")
        }
        guard decoded.count == Self.masterKeyByteCount else {
            throw SecretBoxError(
                code: .masterKeyWrongLength,
                message:
                    "the master key decodes to \(decoded.count) bytes; exactly \(Self.masterKeyByteCount) are required"
            )
        }
        key = SymmetricKey(data: decoded)
    }

    /// Encrypts `plaintext` under a fresh random nonce, binding `associatedData`.
    func seal(_ plaintext: [UInt8], associatedData: [UInt8]) -> [UInt8] {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(plaintext, using: key, nonce: AES.GCM.Nonce(), authenticating: associatedData)
        } catch {
            // A 32-byte key and a 12-byte nonce are always accepted; reaching here is a broken crypto library.
            preconditionFailure("AES-GCM refused a valid key and nonce")
        }
        var sealed: [UInt8] = []
        sealed.reserveCapacity(plaintext.count + Self.overheadByteCount)
        sealed.append(Self.formatVersion)
        box.nonce.withUnsafeBytes { sealed.append(contentsOf: $0) }
        sealed.append(contentsOf: box.ciphertext)
        sealed.append(contentsOf: box.tag)
        precondition(sealed.count == plaintext.count + Self.overheadByteCount, "sealed value has the wrong length")
        return sealed
    }

    /// Decrypts a value made by `seal`; fails if anything (key, associated data, any byte) differs.
    func open(_ sealed: [UInt8], associatedData: [UInt8]) throws(SecretBoxError) -> [UInt8] {
        guard sealed.count >= Self.overheadByteCount else {
            throw SecretBoxError(
                code: .malformed,
                message: "a sealed value holds at least \(Self.overheadByteCount) bytes; got \(sealed.count)"
            )
        }
        guard sealed[0] == Self.formatVersion else {
            throw SecretBoxError(code: .unsupportedVersion, message: "unknown sealed format version \(sealed[0])")
        }
        let nonceEnd = 1 + Self.nonceByteCount
        let tagStart = sealed.count - Self.tagByteCount
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: sealed[1..<nonceEnd]),
                ciphertext: sealed[nonceEnd..<tagStart],
                tag: sealed[tagStart...]
            )
            let plaintext = try AES.GCM.open(box, using: key, authenticating: associatedData)
            return Array(plaintext)
        } catch {
            throw SecretBoxError(
                code: .authenticationFailed,
                message: "the sealed value does not authenticate (wrong key, wrong associated data or altered bytes)"
            )
        }
    }
}
