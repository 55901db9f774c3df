/// Snapshot format version 4: everything of version 3 (see ``SnapshotFormatV3``), then the account book and the
/// fields of ``ExtensionFormatV2``:
///
/// 1. every user account, by ascending id (``AccountFormatV1``);
/// 2. every invite, by ascending id;
/// 3. for every merchant, by ascending id: its id, then its version 2 extension;
/// 4. for every customer, by ascending id: its id, then its version 2 extension;
/// 5. for every LINE channel, by ascending merchant id: the id, then its version 2 extension;
/// 6. the archive files holding the bookings that left memory, in the order they were written
///    (``ArchiveRecordFormatV1``);
/// 7. the confirmed bookings awaiting the salon's approval: a count, then their ids ascending.
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
        writeEach(state.catalog.merchants, &writer) { ExtensionFormatV2.writeExtension(of: $0, to: &$1) }
        writeEach(state.catalog.customers, &writer) { ExtensionFormatV2.writeExtension(of: $0, to: &$1) }
        writeEach(state.outbox.channels, &writer) { ExtensionFormatV2.writeExtension(of: $0, to: &$1) }
        writer.writeVarUInt(UInt64(state.ledger.archive.count))
        for file in state.ledger.archive { ArchiveRecordFormatV1.write(file, to: &writer) }
        let awaiting = state.ledger.bookings.values.filter(\.awaitingApproval).map(\.id).sorted()
        writer.writeVarUInt(UInt64(awaiting.count))
        for id in awaiting { DomainFormatV1.write(id, to: &writer) }
    }

    /// A count, then for each record by ascending id: its id and what `write` writes.
    private static func writeEach<Kind, Record>(
        _ records: [Identifier<Kind>: Record], _ writer: inout ByteWriter, _ write: (Record, inout ByteWriter) -> Void
    ) {
        writer.writeVarUInt(UInt64(records.count))
        for id in records.keys.sorted() {
            guard let record = records[id] else { preconditionFailure("key without value") }
            DomainFormatV1.write(id, to: &writer)
            write(record, &writer)
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
        var catalog = base.catalog
        var outbox = base.outbox
        let merchants = try readEach(catalog.merchants, "merchant", ExtensionFormatV2.merchantBytesMin, &reader) {
            record, reader throws(CodecError) in try ExtensionFormatV2.readExtension(of: &record, &reader)
        }
        let customers = try readEach(catalog.customers, "customer", ExtensionFormatV2.customerBytesMin, &reader) {
            record, reader throws(CodecError) in try ExtensionFormatV2.readExtension(of: &record, &reader)
        }
        do {
            for merchant in merchants { _ = try catalog.apply(.merchantUpdated(merchant)) }
            for customer in customers { _ = try catalog.apply(.customerUpdated(customer)) }
        } catch {
            throw CodecError(.inconsistentSnapshot, "an extension the catalog refuses: \(error)", offset: reader.offset)
        }
        let channels = try readEach(outbox.channels, "channel", ExtensionFormatV2.channelBytesMin, &reader) {
            record, reader throws(CodecError) in try ExtensionFormatV2.readExtension(of: &record, &reader)
        }
        for channel in channels { outbox.setChannel(channel) }
        let fileCount = try reader.readCount(elementBytesMin: ArchiveRecordFormatV1.fileBytesMin)
        var files: [ArchivedFile] = []
        var names = Set<String>()
        for _ in 0..<fileCount {
            let start = reader.offset
            let file = try ArchiveRecordFormatV1.readFile(&reader)
            guard names.insert(file.name).inserted else {
                throw CodecError(.inconsistentSnapshot, "archive file named twice", offset: start)
            }
            files.append(file)
        }
        let awaitingOffset = reader.offset
        let awaitingCount = try reader.readCount(elementBytesMin: 1)
        var awaiting: [BookingID] = []
        for _ in 0..<awaitingCount {
            let start = reader.offset
            let id: BookingID = try DomainFormatV1.readID(&reader)
            try SnapshotFormatV1.requireAscending(id, after: awaiting.last, "bookings awaiting approval", at: start)
            awaiting.append(id)
        }
        guard let ledger = base.ledger.withArchive(files).withAwaitingApproval(awaiting) else {
            throw CodecError(
                .inconsistentSnapshot, "a booking awaiting approval is not a confirmed booking", offset: awaitingOffset)
        }
        return EngineState(
            catalog: catalog, ledger: ledger, keyRing: base.keyRing, outbox: outbox,
            accounts: AccountBook(accounts: accounts, invites: invites), appliedLSN: base.appliedLSN)
    }

    /// The extensions written by `writeEach`: one for each of `records`, in ascending id order; the records with their
    /// extensions read.
    private static func readEach<Kind, Record>(
        _ records: [Identifier<Kind>: Record], _ what: String, _ extensionBytesMin: Int, _ reader: inout ByteReader,
        _ read: (inout Record, inout ByteReader) throws(CodecError) -> Void
    ) throws(CodecError) -> [Record] {
        let countOffset = reader.offset
        let count = try reader.readCount(elementBytesMin: 1 + extensionBytesMin)
        guard count == records.count else {
            throw CodecError(
                .inconsistentSnapshot, "\(count) \(what) extensions for \(records.count) records", offset: countOffset)
        }
        var previous: Identifier<Kind>?
        var extended: [Record] = []
        extended.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.offset
            let id: Identifier<Kind> = try DomainFormatV1.readID(&reader)
            try SnapshotFormatV1.requireAscending(id, after: previous, "\(what) extensions", at: start)
            previous = id
            guard var record = records[id] else {
                throw CodecError(.inconsistentSnapshot, "extension of unknown \(id)", offset: start)
            }
            try read(&record, &reader)
            extended.append(record)
        }
        return extended
    }
}
