/// The user accounts and invites of every salon and of the platform: state like everything else, rebuilt from
/// the log and carried in snapshots, so sessions can be checked on any node.
public struct AccountBook: Sendable {
    /// Every account by id (removed ones included: histories still name them).
    public private(set) var accounts: [UserID: UserAccount] = [:]
    /// Every invite by id.
    public private(set) var invites: [InviteID: Invite] = [:]
    private var byLogin: [LoginKey: UserID] = [:]
    private var invitesByDigest: [[UInt8]: InviteID] = [:]

    /// Creates an empty book.
    public init() {}

    /// A book rebuilt from a snapshot's accounts and invites (the indexes are derived).
    init(accounts: [UserAccount], invites: [Invite]) {
        for account in accounts {
            self.accounts[account.id] = account
            if !account.removed { byLogin[LoginKey(of: account)] = account.id }
        }
        for invite in invites {
            self.invites[invite.id] = invite
            invitesByDigest[invite.digest] = invite.id
        }
    }

    /// The live (not removed) account with this sign-in name in its scope.
    public func account(_ key: LoginKey) -> UserAccount? { byLogin[key].flatMap { accounts[$0] } }

    /// The accounts of a salon (nil: the platform operators), removed ones left out, in id order.
    public func accounts(of merchantID: MerchantID?) -> [UserAccount] {
        accounts.values.filter { $0.merchantID == merchantID && !$0.removed }.sorted { $0.id < $1.id }
    }

    /// The invite whose token has this digest.
    public func invite(digest: [UInt8]) -> Invite? { invitesByDigest[digest].flatMap { invites[$0] } }

    /// Applies an account event; returns false for events that are not about accounts.
    mutating func apply(_ event: EngineEvent) throws(InconsistentEvent) -> Bool {
        switch event {
        case .inviteCreated(let invite):
            try InconsistentEvent.require(
                invites[invite.id] == nil && invitesByDigest[invite.digest] == nil && invite.redeemedBy == nil,
                "invite exists or is already used", event)
            invites[invite.id] = invite
            invitesByDigest[invite.digest] = invite.id
        case .userAccountCreated(let account, let inviteID):
            let key = LoginKey(of: account)
            try InconsistentEvent.require(accounts[account.id] == nil, "account exists", event)
            try InconsistentEvent.require(byLogin[key] == nil, "sign-in name taken", event)
            try InconsistentEvent.require(!account.removed, "a new account is live", event)
            if let inviteID {
                guard var invite = invites[inviteID], invite.redeemedBy == nil,
                    invite.merchantID == account.merchantID, invite.role == account.role
                else { throw InconsistentEvent("invite missing, used, or for another salon or role", event) }
                invite.redeemedBy = account.id
                invites[inviteID] = invite
            }
            accounts[account.id] = account
            byLogin[key] = account.id
        case .userAccountUpdated(let account):
            guard let old = accounts[account.id] else { throw InconsistentEvent("no such account", event) }
            try InconsistentEvent.require(
                old.merchantID == account.merchantID && old.createdAt == account.createdAt && !old.removed,
                "an account keeps its salon and creation, and a removed one stays removed", event)
            try InconsistentEvent.require(
                account.credentialVersion >= old.credentialVersion, "credential versions only go up", event)
            let oldKey = LoginKey(of: old)
            let newKey = LoginKey(of: account)
            if oldKey != newKey || account.removed {
                try InconsistentEvent.require(
                    account.removed || byLogin[newKey] == nil, "sign-in name taken", event)
                byLogin[oldKey] = nil
                if !account.removed { byLogin[newKey] = account.id }
            }
            accounts[account.id] = account
        default:
            return false
        }
        return true
    }
}
