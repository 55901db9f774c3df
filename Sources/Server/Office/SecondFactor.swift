import Core
import Foundation
import HummingbirdOTP
import Synchronization

/// TOTP second factors (RFC 6238 as authenticator apps expect it: six digits, 30-second steps, HMAC-SHA1) through
/// hummingbird-auth's `HummingbirdOTP`.
///
/// The secret is sealed with the master key (`NAILBOOK_MASTER_KEY`) before it reaches the engine, bound to its
/// account: the log and snapshots never hold it in clear. Without a master key a second factor cannot be turned on.
enum SecondFactor {
    /// The length of a new secret (characters of the base32 alphabet: about 100 bits).
    static let secretLength = 20
    /// Codes of the step before and after `now` are accepted too (clocks drift; typing takes time).
    static let stepsOfDrift: Int64 = 1
    /// Seconds per step.
    static let stepSeconds: Int64 = 30

    /// A new random secret.
    static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        return String((0..<secretLength).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// The step whose code `code` is at `now` (within the drift); nil when it matches none.
    static func matchingStep(_ code: String, secret: String, now: Instant) -> Int64? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
        let totp = TOTP(secret: secret)
        let current = now.secondsSinceEpoch / stepSeconds
        for step in (current - stepsOfDrift)...(current + stepsOfDrift)
        where totp.compute(date: Date(timeIntervalSince1970: Double(step * stepSeconds))) == value {
            return step
        }
        return nil
    }

    /// The code of `secret` at `now` (tests act as the authenticator app with it).
    static func code(secret: String, now: Instant) -> String {
        let value = TOTP(secret: secret).compute(date: Date(timeIntervalSince1970: Double(now.secondsSinceEpoch)))
        let text = String(value)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    /// The `otpauth://` link an authenticator app takes.
    static func authenticatorURL(secret: String, login: String, issuer: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "\(issuer):\(login)", issuer: issuer)
    }

    /// The key to type into an authenticator app by hand (the base32 of the secret), in groups of four.
    static func typedKey(secret: String) -> String {
        let url = authenticatorURL(secret: secret, login: "x", issuer: "x")
        let key =
            URLComponents(string: url)?.queryItems?.first(where: { $0.name == "secret" })?.value ?? ""
        return stride(from: 0, to: key.count, by: 4).map { offset in
            let start = key.index(key.startIndex, offsetBy: offset)
            return String(key[start..<(key.index(start, offsetBy: 4, limitedBy: key.endIndex) ?? key.endIndex)])
        }.joined(separator: " ")
    }

    /// The associated data that binds a sealed secret to its account (and to its use: set-up or in force).
    static func associatedData(_ userID: UserID, pending: Bool) -> [UInt8] {
        Array("\(userID)/\(pending ? "totp-setup" : "totp")".utf8)
    }
}

/// The newest step whose code each account has used, so that a code signs in once (in memory: after a restart a
/// code seen just before it could be used once more within its 90 seconds).
final class SecondFactorCodes: Sendable {
    private let used = Mutex<[UserID: Int64]>([:])

    init() {}

    /// Takes the step for the account; false when it (or a later one) was used already.
    func claim(_ step: Int64, for userID: UserID) -> Bool {
        used.withLock { used in
            if let last = used[userID], step <= last { return false }
            used[userID] = step
            return true
        }
    }
}

/// The proof that a password was right, carried to the code form (signed like a session, never usable as one:
/// sessions read only `u1.` payloads). Five minutes to type the code.
struct SecondFactorChallenge: SignedSession {
    var scope: UserSession.Scope
    var userID: UserID
    var credentialVersion: UInt64
    var expiresAt: Instant

    static let lifetimeSeconds: Int64 = 300

    var payload: String {
        "c1.\(scope.rawValue).\(userID.rawValue).\(credentialVersion).\(expiresAt.secondsSinceEpoch)"
    }

    init(scope: UserSession.Scope, userID: UserID, credentialVersion: UInt64, expiresAt: Instant) {
        self.scope = scope
        self.userID = userID
        self.credentialVersion = credentialVersion
        self.expiresAt = expiresAt
    }

    init?(payload: String) {
        guard let fields = UserSession.fields(of: payload, kind: "c1"), fields.user > 0 else { return nil }
        self.init(
            scope: fields.scope, userID: UserID(fields.user), credentialVersion: fields.version,
            expiresAt: fields.expiresAt)
    }
}
