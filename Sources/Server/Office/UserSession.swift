import Core

/// A signed-in salon user (`/office/`) or platform operator (`/admin/`), carried in a signed cookie.
///
/// The cookie names the account's credential version: a new password, a new second factor or a removal raises it,
/// which ends every session made before. Accounts are replicated state, so any node can check a session and
/// sessions survive restarts (the signing key is kept in the data folder or derived from the master key).
struct UserSession: SignedSession {
    /// Where the session is valid.
    enum Scope: String, Sendable {
        case office
        case admin
    }

    var scope: Scope
    /// The account; nil for a platform admin signed in with the admin token.
    var userID: UserID?
    /// The account's credential version (for the admin token: a fingerprint of the token, so a new token ends
    /// the sessions made with the old one).
    var credentialVersion: UInt64
    var expiresAt: Instant

    /// The signed payload: `u1.<scope>.<user or 0>.<version>.<expiry>`.
    var payload: String {
        "u1.\(scope.rawValue).\(userID?.rawValue ?? 0).\(credentialVersion).\(expiresAt.secondsSinceEpoch)"
    }

    init(scope: Scope, userID: UserID?, credentialVersion: UInt64, expiresAt: Instant) {
        self.scope = scope
        self.userID = userID
        self.credentialVersion = credentialVersion
        self.expiresAt = expiresAt
    }

    init?(payload: String) {
        guard let fields = Self.fields(of: payload, kind: "u1") else { return nil }
        self.init(
            scope: fields.scope, userID: fields.user == 0 ? nil : UserID(fields.user),
            credentialVersion: fields.version, expiresAt: fields.expiresAt)
    }

    /// The fields of a `<kind>.<scope>.<user or 0>.<version>.<expiry>` payload (sessions and second-factor
    /// challenges); nil when malformed or of another kind.
    static func fields(of payload: String, kind: String) -> (
        scope: Scope, user: UInt64, version: UInt64, expiresAt: Instant
    )? {
        let parts = payload.split(separator: ".")
        guard parts.count == 5, parts[0] == kind, let scope = Scope(rawValue: String(parts[1])),
            let user = UInt64(parts[2]), user < (1 << 63), let version = UInt64(parts[3]),
            let expiry = Int64(parts[4])
        else { return nil }
        return (scope, user, version, Instant(secondsSinceEpoch: expiry))
    }

    /// The cookie name of a scope (separate names and paths for customers, salon users and operators).
    static func cookieName(_ scope: Scope) -> String { scope == .office ? "nb_office" : "nb_admin" }
    /// The cookie path of a scope.
    static func cookiePath(_ scope: Scope) -> String { scope == .office ? "/office" : "/admin" }
}
