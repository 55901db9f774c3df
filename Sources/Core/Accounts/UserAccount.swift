/// Marker for user account identifiers ("usr_…").
public enum UserAccountKind: IdentifierKind { public static let prefix = "usr" }
/// Identifies a user account (a salon's owner, manager or staff, or a platform operator).
public typealias UserID = Identifier<UserAccountKind>

/// What a signed-in user may do.
public enum UserRole: UInt8, Sendable, CaseIterable {
    /// Everything at their salon.
    case owner = 1
    /// Everything at their salon but its users and LINE credentials.
    case manager = 2
    /// Their own column and their customers' bookings; no settings, no reports.
    case staff = 3
    /// A platform operator (the admin console); belongs to no salon.
    case platformOperator = 4

    /// The stable name used in pages and APIs.
    public var name: String {
        switch self {
        case .owner: return "owner"
        case .manager: return "manager"
        case .staff: return "staff"
        case .platformOperator: return "operator"
        }
    }

    /// The role with this name.
    public init?(name: String) {
        guard let role = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = role
    }

    /// Whether the role belongs to a salon (every role but the platform operator's).
    public var isSalonRole: Bool { self != .platformOperator }
}

/// A person who signs in to the back-office or the admin console.
///
/// Only a bcrypt hash of the password is kept. `credentialVersion` goes up whenever the password changes or the
/// account is removed: a session names the version it was made under, so such a change ends every session.
public struct UserAccount: Hashable, Sendable {
    /// The identifier.
    public var id: UserID
    /// The salon the account belongs to; nil for a platform operator.
    public var merchantID: MerchantID?
    /// What the user may do.
    public var role: UserRole
    /// The sign-in name (an e-mail address or a user name), lower case; unique among salon users (across salons),
    /// and among platform operators.
    public var login: String
    /// The name shown to colleagues and in booking histories.
    public var displayName: String
    /// For a staff account: the technician whose column it sees.
    public var staffID: StaffID?
    /// The bcrypt hash of the password (`$2b$…`).
    public var passwordHash: String
    /// The TOTP secret, sealed with the master key; nil without a second factor.
    public var sealedTOTPSecret: [UInt8]?
    /// Goes up when the password changes or the account is removed; sessions of an older version are void.
    public var credentialVersion: UInt64
    /// Whether the account was removed (kept so that histories still name its author).
    public var removed: Bool
    /// When the account was made.
    public var createdAt: Instant

    /// Creates an account.
    public init(
        id: UserID, merchantID: MerchantID?, role: UserRole, login: String, displayName: String,
        staffID: StaffID? = nil, passwordHash: String, sealedTOTPSecret: [UInt8]? = nil,
        credentialVersion: UInt64 = 1, removed: Bool = false, createdAt: Instant
    ) {
        precondition((merchantID == nil) == (role == .platformOperator), "operators belong to no salon, others to one")
        self.id = id
        self.merchantID = merchantID
        self.role = role
        self.login = login
        self.displayName = displayName
        self.staffID = staffID
        self.passwordHash = passwordHash
        self.sealedTOTPSecret = sealedTOTPSecret
        self.credentialVersion = credentialVersion
        self.removed = removed
        self.createdAt = createdAt
    }

    /// The longest sign-in name or display name accepted.
    public static let maxNameLength = 120
}

/// A sign-in name within its scope: salon users sign in at `/office/` (one name, whatever the salon), platform
/// operators at `/admin/`.
public struct LoginKey: Hashable, Sendable {
    /// Whether the name is a platform operator's.
    public var isOperator: Bool
    /// The sign-in name, lower case.
    public var login: String

    /// Creates a key; `login` is lower-cased.
    public init(isOperator: Bool, login: String) {
        self.isOperator = isOperator
        self.login = login.lowercased()
    }

    /// The key of an account.
    public init(of account: UserAccount) {
        self.init(isOperator: account.role == .platformOperator, login: account.login)
    }
}
