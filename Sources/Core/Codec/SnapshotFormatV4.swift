/// Snapshot format version 4: everything of version 3 (see ``SnapshotFormatV3``), then the account book and the
/// fields of ``ExtensionFormatV2``:
///
/// 1. every user account, by ascending id (``AccountFormatV1``);
/// 2. every invite, by ascending id;
/// 3. for every merchant, by ascending id: its id, then its version 2 extension;
/// 4. for every customer, by ascending id: its id, then its version 2 extension.
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
        let merchants = state.catalog.merchants
        writer.writeVarUInt(UInt64(merchants.count))
        for id in merchants.keys.sorted() {
            guard let merchant = merchants[id] else { preconditionFailure("merchant key without value") }
            DomainFormatV1.write(id, to: &writer)
            ExtensionFormatV2.writeExtension(of: merchant, to: &writer)
        }
        let customers = state.catalog.customers
        writer.writeVarUInt(UInt64(customers.count))
        for id in customers.keys.sorted() {
            guard let customer = customers[id] else { preconditionFailure("customer key without value") }
            DomainFormatV1.write(id, to: &writer)
            ExtensionFormatV2.writeExtension(of: customer, to: &writer)
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
        let catalog = try readExtensions(base.catalog, &reader)
        return EngineState(
            catalog: catalog, ledger: base.ledger, keyRing: base.keyRing, outbox: base.outbox,
            accounts: AccountBook(accounts: accounts, invites: invites), appliedLSN: base.appliedLSN)
    }

    /// The version 2 extensions of every merchant and customer, one each, in ascending id order.
    private static func readExtensions(_ base: Catalog, _ reader: inout ByteReader) throws(CodecError) -> Catalog {
        var catalog = base
        let merchantCountOffset = reader.offset
        let merchantCount = try reader.readCount(elementBytesMin: 1 + ExtensionFormatV2.merchantBytes)
        guard merchantCount == catalog.merchants.count else {
            throw CodecError(
                .inconsistentSnapshot, "\(merchantCount) merchant extensions for \(catalog.merchants.count) merchants",
                offset: merchantCountOffset)
        }
        var previousMerchant: MerchantID?
        for _ in 0..<merchantCount {
            let start = reader.offset
            let id: MerchantID = try DomainFormatV1.readID(&reader)
            try SnapshotFormatV1.requireAscending(id, after: previousMerchant, "merchant extensions", at: start)
            previousMerchant = id
            guard var merchant = catalog.merchants[id] else {
                throw CodecError(.inconsistentSnapshot, "extension of unknown \(id)", offset: start)
            }
            try ExtensionFormatV2.readExtension(of: &merchant, &reader)
            do {
                _ = try catalog.apply(.merchantUpdated(merchant))
            } catch {
                throw CodecError(.inconsistentSnapshot, "extension of unknown \(id)", offset: start)
            }
        }
        let customerCountOffset = reader.offset
        let customerCount = try reader.readCount(elementBytesMin: 1 + ExtensionFormatV2.customerBytesMin)
        guard customerCount == catalog.customers.count else {
            throw CodecError(
                .inconsistentSnapshot, "\(customerCount) customer extensions for \(catalog.customers.count) customers",
                offset: customerCountOffset)
        }
        var previousCustomer: CustomerID?
        for _ in 0..<customerCount {
            let start = reader.offset
            let id: CustomerID = try DomainFormatV1.readID(&reader)
            try SnapshotFormatV1.requireAscending(id, after: previousCustomer, "customer extensions", at: start)
            previousCustomer = id
            guard var customer = catalog.customers[id] else {
                throw CodecError(.inconsistentSnapshot, "extension of unknown \(id)", offset: start)
            }
            try ExtensionFormatV2.readExtension(of: &customer, &reader)
            do {
                _ = try catalog.apply(.customerUpdated(customer))
            } catch {
                throw CodecError(.inconsistentSnapshot, "extension of unknown \(id)", offset: start)
            }
        }
        return catalog
    }
}
