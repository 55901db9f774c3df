/// Marker for invite identifiers ("inv_…").
public enum InviteKind: IdentifierKind { public static let prefix = "inv" }
/// Identifies an invite.
public typealias InviteID = Identifier<InviteKind>

/// An invitation to make an account: the platform admin invites a salon's first owner (or an operator), owners
/// invite the others. The link carries a random token; only its SHA-256 digest is kept. An invite is used once.
public struct Invite: Hashable, Sendable {
    /// The identifier.
    public var id: InviteID
    /// The salon the new account will belong to; nil for a platform operator.
    public var merchantID: MerchantID?
    /// The role the new account gets.
    public var role: UserRole
    /// For a staff account: the technician it will see.
    public var staffID: StaffID?
    /// The SHA-256 digest of the link's token (32 bytes).
    public var digest: [UInt8]
    /// Who made the invite.
    public var createdBy: Author
    /// When it was made.
    public var createdAt: Instant
    /// When the link stops working.
    public var expiresAt: Instant
    /// The account made with it, once used.
    public var redeemedBy: UserID?

    /// Creates an invite.
    public init(
        id: InviteID, merchantID: MerchantID?, role: UserRole, staffID: StaffID? = nil, digest: [UInt8],
        createdBy: Author, createdAt: Instant, expiresAt: Instant, redeemedBy: UserID? = nil
    ) {
        precondition(digest.count == Invite.digestLength, "invite digests are SHA-256")
        precondition((merchantID == nil) == (role == .platformOperator), "operators belong to no salon, others to one")
        self.id = id
        self.merchantID = merchantID
        self.role = role
        self.staffID = staffID
        self.digest = digest
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.redeemedBy = redeemedBy
    }

    /// Whether the link can still make an account at `now`.
    public func isOpen(at now: Instant) -> Bool { redeemedBy == nil && now < expiresAt }

    /// The length of a digest in bytes.
    public static let digestLength = 32
    /// How long a link works: 7 days.
    public static let lifetimeSeconds: Int64 = 7 * 24 * 3600
}
