/// Why a `SecretBox` could not be built or could not open a sealed value; never carries key or plaintext bytes.
struct SecretBoxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for callers to match on.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case masterKeyNotBase64 = "master_key_not_base64"
            case masterKeyWrongLength = "master_key_wrong_length"
            case malformed
            case unsupportedVersion = "unsupported_version"
            case authenticationFailed = "authentication_failed"
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The master key is not valid base64.
        static let masterKeyNotBase64 = Code(.masterKeyNotBase64)
        /// The master key does not decode to exactly 32 bytes.
        static let masterKeyWrongLength = Code(.masterKeyWrongLength)
        /// The sealed value is too short to hold a version, nonce and tag.
        static let malformed = Code(.malformed)
        /// The sealed value starts with a version byte this build does not know.
        static let unsupportedVersion = Code(.unsupportedVersion)
        /// The tag does not match: wrong key, wrong associated data, or the bytes were changed.
        static let authenticationFailed = Code(.authenticationFailed)

        var description: String { base.rawValue }
    }

    /// The kind of failure.
    let code: Code
    /// A human-readable explanation (lengths and versions only, never secret bytes).
    let message: String

    var description: String { "SecretBoxError(\(code)): \(message)" }
}
