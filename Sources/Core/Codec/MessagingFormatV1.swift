/// How format version 1 writes the messaging values (LINE channels, notifications, delivery outcomes). Tags are
/// explicit, as in ``DomainFormatV1``; sealed secrets are length-prefixed bytes the codec never looks into.
enum MessagingFormatV1 {
    /// Tags of `NotificationOutcome.Result`.
    enum OutcomeTag {
        static let sent: UInt8 = 1
        static let retry: UInt8 = 2
        static let failed: UInt8 = 3
        static let channelRejected: UInt8 = 4
        static let expired: UInt8 = 5
        static let cancelled: UInt8 = 6
    }

    /// The fewest bytes an outcome takes (id and tag).
    static let outcomeBytesMin = 2
    /// The fewest bytes a string takes (its length).
    static let stringBytesMin = 1

    // MARK: Writing

    static func write(_ channel: LineChannel, to writer: inout ByteWriter) {
        DomainFormatV1.write(channel.merchantID, to: &writer)
        writer.writeString(channel.channelID)
        writeSealed(channel.sealedSecret, to: &writer)
        writeSealed(channel.sealedAccessToken, to: &writer)
        writer.writeString(channel.accessTokenLast4)
        writer.writeOptionalString(channel.liffID)
        writer.writeUInt8(channel.state.rawValue)
        write(channel.settings, to: &writer)
        DomainFormatV1.write(channel.updatedAt, to: &writer)
    }

    static func write(_ settings: MessagingSettings, to writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(settings.reminderOffsetsMinutes.count))
        for offset in settings.reminderOffsetsMinutes { writer.writeVarInt(offset) }
        writer.writeVarInt(settings.monthlyPushLimit)
        writer.writeVarUInt(UInt64(settings.bookingKeywords.count))
        for keyword in settings.bookingKeywords { writer.writeString(keyword) }
        writer.writeString(settings.language)
        writer.writeVarUInt(UInt64(settings.templates.count))
        for (name, text) in settings.templates.sorted(by: { $0.key < $1.key }) {
            writer.writeString(name)
            writer.writeString(text)
        }
    }

    static func write(_ outcome: NotificationOutcome, to writer: inout ByteWriter) {
        DomainFormatV1.write(outcome.id, to: &writer)
        switch outcome.result {
        case .sent:
            writer.writeUInt8(OutcomeTag.sent)
        case .retry(let nextAttemptAt, let error):
            writer.writeUInt8(OutcomeTag.retry)
            DomainFormatV1.write(nextAttemptAt, to: &writer)
            writer.writeString(error)
        case .failed(let error):
            writer.writeUInt8(OutcomeTag.failed)
            writer.writeString(error)
        case .channelRejected(let error):
            writer.writeUInt8(OutcomeTag.channelRejected)
            writer.writeString(error)
        case .expired:
            writer.writeUInt8(OutcomeTag.expired)
        case .cancelled(let reason):
            writer.writeUInt8(OutcomeTag.cancelled)
            writer.writeString(reason)
        }
    }

    /// A whole notification, for snapshots.
    static func write(_ notification: Notification, to writer: inout ByteWriter) {
        DomainFormatV1.write(notification.id, to: &writer)
        DomainFormatV1.write(notification.merchantID, to: &writer)
        DomainFormatV1.write(notification.bookingID, to: &writer)
        DomainFormatV1.write(notification.customerID, to: &writer)
        writer.writeString(notification.lineUserID)
        writer.writeUInt8(notification.kind.rawValue)
        writer.writeString(notification.retryKey)
        DomainFormatV1.write(notification.createdAt, to: &writer)
        DomainFormatV1.write(notification.dueAt, to: &writer)
        DomainFormatV1.write(notification.expiresAt, to: &writer)
        writer.writeUInt8(notification.status.rawValue)
        writer.writeVarInt(notification.attempts)
        writer.writeOptionalString(notification.lastError)
        writer.writeOptional(notification.sentAt) { DomainFormatV1.write($1, to: &$0) }
        writer.writeOptional(notification.settledAt) { DomainFormatV1.write($1, to: &$0) }
    }

    private static func writeSealed(_ bytes: [UInt8], to writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(bytes.count))
        writer.writeBytes(bytes)
    }

    // MARK: Reading

    static func readChannel(_ reader: inout ByteReader) throws(CodecError) -> LineChannel {
        let merchantID: MerchantID = try DomainFormatV1.readID(&reader)
        let channelID = try reader.readString()
        let secret = try readSealed(&reader)
        let token = try readSealed(&reader)
        let last4 = try reader.readString()
        let liffID = try reader.readOptionalString()
        let stateOffset = reader.offset
        guard let state = LineChannelState(rawValue: try reader.readUInt8()) else {
            throw CodecError(.invalidValue, "unknown LINE channel state", offset: stateOffset)
        }
        let settings = try readSettings(&reader)
        return LineChannel(
            merchantID: merchantID, channelID: channelID, sealedSecret: secret, sealedAccessToken: token,
            accessTokenLast4: last4, liffID: liffID, state: state, settings: settings,
            updatedAt: try DomainFormatV1.readInstant(&reader))
    }

    static func readSettings(_ reader: inout ByteReader) throws(CodecError) -> MessagingSettings {
        var settings = MessagingSettings(reminderOffsetsMinutes: [], bookingKeywords: [])
        for _ in 0..<(try reader.readCount(elementBytesMin: 1)) {
            settings.reminderOffsetsMinutes.append(try reader.readInt())
        }
        settings.monthlyPushLimit = try reader.readInt()
        for _ in 0..<(try reader.readCount(elementBytesMin: stringBytesMin)) {
            settings.bookingKeywords.append(try reader.readString())
        }
        settings.language = try reader.readString()
        for _ in 0..<(try reader.readCount(elementBytesMin: 2 * stringBytesMin)) {
            let name = try reader.readString()
            settings.templates[name] = try reader.readString()
        }
        return settings
    }

    static func readOutcome(_ reader: inout ByteReader) throws(CodecError) -> NotificationOutcome {
        let id: NotificationID = try DomainFormatV1.readID(&reader)
        let tagOffset = reader.offset
        let result: NotificationOutcome.Result
        switch try reader.readUInt8() {
        case OutcomeTag.sent:
            result = .sent
        case OutcomeTag.retry:
            let next = try DomainFormatV1.readInstant(&reader)
            result = .retry(nextAttemptAt: next, error: try reader.readString())
        case OutcomeTag.failed: result = .failed(error: try reader.readString())
        case OutcomeTag.channelRejected: result = .channelRejected(error: try reader.readString())
        case OutcomeTag.expired: result = .expired
        case OutcomeTag.cancelled: result = .cancelled(reason: try reader.readString())
        case let tag: throw CodecError(.unknownTag, "unknown notification outcome tag \(tag)", offset: tagOffset)
        }
        return NotificationOutcome(id: id, result: result)
    }

    static func readNotification(_ reader: inout ByteReader) throws(CodecError) -> Notification {
        let id: NotificationID = try DomainFormatV1.readID(&reader)
        let merchantID: MerchantID = try DomainFormatV1.readID(&reader)
        let bookingID: BookingID = try DomainFormatV1.readID(&reader)
        let customerID: CustomerID = try DomainFormatV1.readID(&reader)
        let lineUserID = try reader.readString()
        let kindOffset = reader.offset
        guard let kind = NotificationKind(rawValue: try reader.readUInt8()) else {
            throw CodecError(.invalidValue, "unknown notification kind", offset: kindOffset)
        }
        let retryKey = try reader.readString()
        let createdAt = try DomainFormatV1.readInstant(&reader)
        let dueAt = try DomainFormatV1.readInstant(&reader)
        var notification = Notification(
            id: id, merchantID: merchantID, bookingID: bookingID, customerID: customerID, lineUserID: lineUserID,
            kind: kind, retryKey: retryKey, createdAt: createdAt, dueAt: dueAt,
            expiresAt: try DomainFormatV1.readInstant(&reader))
        let statusOffset = reader.offset
        guard let status = NotificationStatus(rawValue: try reader.readUInt8()), status != .parked else {
            throw CodecError(.invalidValue, "invalid notification status", offset: statusOffset)
        }
        notification.status = status
        notification.attempts = try reader.readInt()
        notification.lastError = try reader.readOptionalString()
        notification.sentAt = try reader.readOptional { reader throws(CodecError) in
            try DomainFormatV1.readInstant(&reader)
        }
        notification.settledAt = try reader.readOptional { reader throws(CodecError) in
            try DomainFormatV1.readInstant(&reader)
        }
        return notification
    }

    private static func readSealed(_ reader: inout ByteReader) throws(CodecError) -> [UInt8] {
        try reader.readBytes(count: try reader.readCount(elementBytesMin: 1))
    }
}
