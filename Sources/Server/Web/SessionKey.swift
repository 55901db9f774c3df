import Crypto
import Foundation

/// The key that signs web sessions: derived from `NAILBOOK_MASTER_KEY` when set, else kept in `DIR/session-key`
/// (32 random bytes, mode 0600, created on first start) so that sessions survive restarts.
public enum SessionKey {
    /// Where the key came from (for the start-up log; never the key).
    public enum Source: Sendable, Equatable {
        case masterKey
        case file(path: String, created: Bool)
    }

    /// Loads or creates the key.
    public static func load(dataDirectory: String, environment: [String: String]) throws -> ([UInt8], Source) {
        if let master = environment["NAILBOOK_MASTER_KEY"], !master.isEmpty,
            let bytes = Data(base64Encoded: master)
        {
            let derived = HMAC<SHA256>.authenticationCode(
                for: Data("nailbook web session key v1".utf8), using: SymmetricKey(data: bytes))
            return (Array(derived), .masterKey)
        }
        let path = (dataDirectory as NSString).appendingPathComponent("session-key")
        if let existing = FileManager.default.contents(atPath: path) {
            guard existing.count == 32 else { throw SessionKeyError(description: "session-key must hold 32 bytes") }
            return (Array(existing), .file(path: path, created: false))
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        guard
            FileManager.default.createFile(
                atPath: path, contents: fresh, attributes: [.posixPermissions: NSNumber(value: 0o600)])
        else { throw SessionKeyError(description: "cannot write the session key in the data folder") }
        return (Array(fresh), .file(path: path, created: true))
    }
}

/// The session key cannot be read or written.
public struct SessionKeyError: Error, CustomStringConvertible {
    /// What is wrong (never the key).
    public var description: String
}
