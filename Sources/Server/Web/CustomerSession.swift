import Core
import Crypto
import Foundation

/// A signed-in customer of one salon, carried in a signed cookie (no server-side session store).
struct CustomerSession: Hashable, Sendable {
    var merchantID: MerchantID
    var customerID: CustomerID
    var expiresAt: Instant

    /// The cookie of customer sessions; its path keeps it to the booking pages.
    static let cookieName = "nb_customer"
    static let cookiePath = "/book/"

    /// The signed payload: `v1.<merchant>.<customer>.<expiry>`.
    var payload: String { "v1.\(merchantID.rawValue).\(customerID.rawValue).\(expiresAt.secondsSinceEpoch)" }
}

/// Signs and checks session cookies and derives their CSRF tokens (HMAC-SHA256 with the session key).
struct SessionSigner: Sendable {
    let key: SymmetricKey

    init(key: [UInt8]) {
        precondition(key.count >= 32, "the session key must have at least 32 bytes")
        self.key = SymmetricKey(data: key)
    }

    /// The cookie value: payload, a dot, the base64url signature.
    func cookieValue(_ session: CustomerSession) -> String {
        session.payload + "." + Self.base64url(mac("session|" + session.payload))
    }

    /// The session in a cookie value, if the signature holds, it has not expired, and it is for `merchantID`.
    func session(from value: String, merchantID: MerchantID, now: Instant) -> CustomerSession? {
        guard let dot = value.lastIndex(of: ".") else { return nil }
        let payload = String(value[..<dot])
        guard let signature = Self.fromBase64url(String(value[value.index(after: dot)...])),
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: Data(("session|" + payload).utf8), using: key)
        else { return nil }
        let parts = payload.split(separator: ".")
        guard parts.count == 4, parts[0] == "v1", let merchant = UInt64(parts[1]), let customer = UInt64(parts[2]),
            let expiry = Int64(parts[3])
        else { return nil }
        let session = CustomerSession(
            merchantID: MerchantID(merchant), customerID: CustomerID(customer),
            expiresAt: Instant(secondsSinceEpoch: expiry))
        guard session.merchantID == merchantID, now < session.expiresAt else { return nil }
        return session
    }

    /// The CSRF token bound to a session.
    func csrfToken(for session: CustomerSession) -> String { Self.base64url(mac("csrf|" + session.payload)) }

    /// Whether `token` is the session's CSRF token (compared in constant time).
    func isValidCSRF(_ token: String, for session: CustomerSession) -> Bool {
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
