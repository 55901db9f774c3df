import Crypto
import Foundation

/// LINE's webhook signature: base64 of HMAC-SHA256 over the raw request body, keyed with the channel secret.
///
/// The `x-line-signature` header must be checked against the bytes exactly as received, before any parsing.
enum LineSignature {
    /// The signature LINE would send for `body`.
    static func signature(body: [UInt8], channelSecret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: key(channelSecret))
        return Data(code).base64EncodedString()
    }

    /// Whether `header` is the signature of `body`; a missing, empty or non-base64 header (or an empty secret,
    /// which would mean the channel is not configured) is never valid.
    ///
    /// The comparison is over the decoded bytes and takes constant time, so it leaks nothing about the expected code.
    static func isValid(body: [UInt8], header: String?, channelSecret: String) -> Bool {
        guard !channelSecret.isEmpty, let header, !header.isEmpty else { return false }
        guard let decoded = Data(base64Encoded: header), decoded.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(decoded, authenticating: body, using: key(channelSecret))
    }

    private static func key(_ channelSecret: String) -> SymmetricKey {
        SymmetricKey(data: Array(channelSecret.utf8))
    }
}
