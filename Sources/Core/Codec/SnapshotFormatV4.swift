/// Snapshot format version 4: everything of version 3 (see ``SnapshotFormatV3``), then the account book:
///
/// 1. every user account, by ascending id (``AccountFormatV1``);
/// 2. every invite, by ascending id.
enum SnapshotFormatV4 {
    /// The version byte of this format.
    static let version: UInt8 = 4

    /// Writes `state` (not the version byte).
    static func write(_ state: EngineState, to writer: inout ByteWriter) {
        SnapshotFormatV3.write(state, to: &writer)
        let book = state.accounts
        writer.writeVarUInt(UInt64(book.accounts.count))
        for id in book.accounts.keys.sorted() {
            guard let account = book.accounts[id] else { preconditionFailure("account key without value") }
            AccountFormatV1.write(account, to: &writer)
        }
        writer.writeVarUInt(UInt64(book.invites.count))
        for id in book.invites.keys.sorted() {
            guard let invite = book.invites[id] else { preconditionFailure("invite key without value") }
            AccountFormatV1.write(invite, to: &writer)
        }
    }

    /// Reads a state (the version byte already read), checking that sign-in names are unique per scope and that
    /// every used invite names an account.
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineState {
        let base = try SnapshotFormatV3.read(&reader)
        var accounts: [UserAccount] = []
        var logins = Set<LoginKey>()
        var previousAccount: UserID?
        let accountCount = try reader.readCount(elementBytesMin: AccountFormatV1.accountBytesMin)
        for _ in 0..<accountCount {
            let start = reader.offset
            let account = try AccountFormatV1.readAccount(&reader)
            try SnapshotFormatV1.requireAscending(account.id, after: previousAccount, "accounts", at: start)
            previousAccount = account.id
            if !account.removed {
                guard logins.insert(LoginKey(of: account)).inserted else {
                    throw CodecError(.inconsistentSnapshot, "sign-in name used twice", offset: start)
                }
            }
            accounts.append(account)
        }
        var invites: [Invite] = []
        var digests = Set<[UInt8]>()
        var previousInvite: InviteID?
        let known = Set(accounts.map(\.id))
        let inviteCount = try reader.readCount(elementBytesMin: AccountFormatV1.inviteBytesMin)
        for _ in 0..<inviteCount {
            let start = reader.offset
            let invite = try AccountFormatV1.readInvite(&reader)
            try SnapshotFormatV1.requireAscending(invite.id, after: previousInvite, "invites", at: start)
            previousInvite = invite.id
            guard digests.insert(invite.digest).inserted, invite.redeemedBy.map(known.contains) ?? true else {
                throw CodecError(.inconsistentSnapshot, "invite digest twice, or used by no account", offset: start)
            }
            invites.append(invite)
        }
        return EngineState(
            catalog: base.catalog, ledger: base.ledger, keyRing: base.keyRing, outbox: base.outbox,
            accounts: AccountBook(accounts: accounts, invites: invites), appliedLSN: base.appliedLSN)
    }
}
