import Core
import Crypto
import Foundation

/// A session carried in a signed cookie: its payload is what is signed, and it can be read back from it.
protocol SignedSession: Hashable, Sendable {
    /// The signed text (no dots but the separators the type chooses; never a secret).
    var payload: String { get }
    /// When the session ends.
    var expiresAt: Instant { get }
    /// The session of a payload, nil when it is malformed.
    init?(payload: String)
}

/// Signs and checks session cookies and derives their CSRF tokens (HMAC-SHA256 with the session key).
struct SessionSigner: Sendable {
    let key: SymmetricKey

    init(key: [UInt8]) {
        precondition(key.count >= 32, "the session key must have at least 32 bytes")
        self.key = SymmetricKey(data: key)
    }

    /// The cookie value: payload, a dot, the base64url signature.
    func cookieValue(_ session: some SignedSession) -> String {
        session.payload + "." + Self.base64url(mac("session|" + session.payload))
    }

    /// The session in a cookie value, if the signature holds and it has not expired.
    func session<Session: SignedSession>(from value: String, as type: Session.Type, now: Instant) -> Session? {
        guard let dot = value.lastIndex(of: ".") else { return nil }
        let payload = String(value[..<dot])
        guard let signature = Self.fromBase64url(String(value[value.index(after: dot)...])),
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: Data(("session|" + payload).utf8), using: key),
            let session = Session(payload: payload), now < session.expiresAt
        else { return nil }
        return session
    }

    /// The CSRF token bound to a session.
    func csrfToken(for session: some SignedSession) -> String { Self.base64url(mac("csrf|" + session.payload)) }

    /// Whether `token` is the session's CSRF token (compared in constant time).
    func isValidCSRF(_ token: String, for session: some SignedSession) -> Bool {
        guard let bytes = Self.fromBase64url(token) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            bytes, authenticating: Data(("csrf|" + session.payload).utf8), using: key)
    }

    private func mac(_ text: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64url(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
