/// Event format version 4: version 3 (see ``EventFormatV3``) plus the account events, with tags of their own
/// (fields written by ``AccountFormatV1``), `notificationResent` and `customerErased` (id, instant, origin) and
/// `bookingsArchived` (``ArchiveRecordFormatV1``), and merchants, customers
/// and LINE channels followed by the fields of ``ExtensionFormatV2``, a booking's creation by whether it awaits the
/// salon's approval (a flag), and `bookingApproved` (id, instant, origin). Every other event is written exactly as in version 3.
///
/// Frozen once logs exist.
enum EventFormatV4 {
    /// The version byte of this format.
    static let version: UInt8 = 4

    /// The tags of the events this version adds.
    enum Tag {
        static let inviteCreated: UInt8 = 26
        static let userAccountCreated: UInt8 = 27
        static let userAccountUpdated: UInt8 = 28
        static let notificationResent: UInt8 = 29
        static let bookingsArchived: UInt8 = 30
        static let customerErased: UInt8 = 31
        static let bookingApproved: UInt8 = 32
    }

    /// Writes the tag and fields of `event` (not the version byte).
    static func write(_ event: EngineEvent, to writer: inout ByteWriter) {
        switch event {
        case .inviteCreated(let invite):
            writer.writeUInt8(Tag.inviteCreated)
            AccountFormatV1.write(invite, to: &writer)
        case .userAccountCreated(let account, let inviteID):
            writer.writeUInt8(Tag.userAccountCreated)
            AccountFormatV1.write(account, to: &writer)
            writer.writeOptional(inviteID) { DomainFormatV1.write($1, to: &$0) }
        case .userAccountUpdated(let account):
            writer.writeUInt8(Tag.userAccountUpdated)
            AccountFormatV1.write(account, to: &writer)
        case .notificationResent(let id, let at, let origin):
            writer.writeUInt8(Tag.notificationResent)
            DomainFormatV1.write(id, to: &writer)
            DomainFormatV1.write(at, to: &writer)
            DomainFormatV1.write(origin, to: &writer)
        case .bookingApproved(let id, let at, let origin):
            writer.writeUInt8(Tag.bookingApproved)
            DomainFormatV1.write(id, to: &writer)
            DomainFormatV1.write(at, to: &writer)
            DomainFormatV1.write(origin, to: &writer)
        case .bookingCreated(let booking, _):
            EventFormatV3.write(event, to: &writer)
            writer.writeBool(booking.awaitingApproval)
        case .bookingsArchived(let batch):
            writer.writeUInt8(Tag.bookingsArchived)
            ArchiveRecordFormatV1.write(batch, to: &writer)
        case .customerErased(let id, let at, let origin):
            writer.writeUInt8(Tag.customerErased)
            DomainFormatV1.write(id, to: &writer)
            DomainFormatV1.write(at, to: &writer)
            DomainFormatV1.write(origin, to: &writer)
        case .merchantCreated(let merchant), .merchantUpdated(let merchant):
            EventFormatV3.write(event, to: &writer)
            ExtensionFormatV2.writeExtension(of: merchant, to: &writer)
        case .customerCreated(let customer), .customerUpdated(let customer):
            EventFormatV3.write(event, to: &writer)
            ExtensionFormatV2.writeExtension(of: customer, to: &writer)
        case .lineChannelStored(let channel):
            EventFormatV3.write(event, to: &writer)
            ExtensionFormatV2.writeExtension(of: channel, to: &writer)
        default:
            EventFormatV3.write(event, to: &writer)
        }
    }

    /// Reads the tag and fields of one event (the version byte already read).
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineEvent {
        var probe = reader
        switch try probe.readUInt8() {
        case Tag.inviteCreated:
            reader = probe
            return .inviteCreated(try AccountFormatV1.readInvite(&reader))
        case Tag.userAccountCreated:
            reader = probe
            let account = try AccountFormatV1.readAccount(&reader)
            let inviteID: InviteID? = try DomainFormatV1.readOptionalID(&reader)
            return .userAccountCreated(account, invite: inviteID)
        case Tag.userAccountUpdated:
            reader = probe
            return .userAccountUpdated(try AccountFormatV1.readAccount(&reader))
        case Tag.notificationResent:
            reader = probe
            let id: NotificationID = try DomainFormatV1.readID(&reader)
            let at = try DomainFormatV1.readInstant(&reader)
            return .notificationResent(id, at: at, origin: try DomainFormatV1.readOrigin(&reader))
        case Tag.bookingApproved:
            reader = probe
            let id: BookingID = try DomainFormatV1.readID(&reader)
            let at = try DomainFormatV1.readInstant(&reader)
            return .bookingApproved(id, at: at, origin: try DomainFormatV1.readOrigin(&reader))
        case Tag.bookingsArchived:
            reader = probe
            return .bookingsArchived(try ArchiveRecordFormatV1.readBatch(&reader))
        case Tag.customerErased:
            reader = probe
            let id: CustomerID = try DomainFormatV1.readID(&reader)
            let at = try DomainFormatV1.readInstant(&reader)
            return .customerErased(id, at: at, origin: try DomainFormatV1.readOrigin(&reader))
        default:
            return try readExtensions(of: EventFormatV3.read(&reader), &reader)
        }
    }

    /// The version 2 extensions of merchants and customers.
    private static func readExtensions(of event: EngineEvent, _ reader: inout ByteReader) throws(CodecError)
        -> EngineEvent
    {
        switch event {
        case .bookingCreated(var booking, let record):
            booking.awaitingApproval = try reader.readBool()
            return .bookingCreated(booking, idempotency: record)
        case .lineChannelStored(var channel):
            try ExtensionFormatV2.readExtension(of: &channel, &reader)
            return .lineChannelStored(channel)
        case .merchantCreated(var merchant):
            try ExtensionFormatV2.readExtension(of: &merchant, &reader)
            return .merchantCreated(merchant)
        case .merchantUpdated(var merchant):
            try ExtensionFormatV2.readExtension(of: &merchant, &reader)
            return .merchantUpdated(merchant)
        case .customerCreated(var customer):
            try ExtensionFormatV2.readExtension(of: &customer, &reader)
            return .customerCreated(customer)
        case .customerUpdated(var customer):
            try ExtensionFormatV2.readExtension(of: &customer, &reader)
            return .customerUpdated(customer)
        default:
            return event
        }
    }
}
