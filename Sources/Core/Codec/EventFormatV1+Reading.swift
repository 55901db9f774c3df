extension EventFormatV1 {
    /// Reads the tag and fields of one event (the version byte already read).
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineEvent {
        typealias Domain = DomainFormatV1
        let tagOffset = reader.offset
        let tag = try reader.readUInt8()
        switch tag {
        case Tag.merchantCreated: return .merchantCreated(try Domain.readMerchant(&reader))
        case Tag.merchantUpdated: return .merchantUpdated(try Domain.readMerchant(&reader))
        case Tag.staffCreated: return .staffCreated(try Domain.readStaff(&reader))
        case Tag.staffUpdated: return .staffUpdated(try Domain.readStaff(&reader))
        case Tag.timeOffAdded:
            let staffID: StaffID = try Domain.readID(&reader)
            return .timeOffAdded(staffID, try Domain.readTimeOff(&reader))
        case Tag.timeOffRemoved:
            let staffID: StaffID = try Domain.readID(&reader)
            return .timeOffRemoved(staffID, try Domain.readID(&reader))
        case Tag.serviceCreated: return .serviceCreated(try Domain.readService(&reader))
        case Tag.serviceUpdated: return .serviceUpdated(try Domain.readService(&reader))
        case Tag.customerCreated: return .customerCreated(try Domain.readCustomer(&reader))
        case Tag.customerUpdated: return .customerUpdated(try Domain.readCustomer(&reader))
        case Tag.holdCreated: return .holdCreated(try Domain.readHold(&reader))
        case Tag.holdReleased:
            let (id, at, origin): (HoldID, Instant, Origin) = try readChange(&reader)
            return .holdReleased(id, at: at, origin: origin)
        default:
            return try readLedgerEvent(tag: tag, tagOffset: tagOffset, &reader)
        }
    }

    private static func readLedgerEvent(
        tag: UInt8,
        tagOffset: Int,
        _ reader: inout ByteReader
    ) throws(CodecError) -> EngineEvent {
        typealias Domain = DomainFormatV1
        switch tag {
        case Tag.bookingCreated:
            let booking = try Domain.readBooking(&reader)
            let record = try reader.readOptional { reader throws(CodecError) in
                try Domain.readIdempotencyRecord(&reader)
            }
            return .bookingCreated(booking, idempotency: record)
        case Tag.bookingCancelled:
            let id: BookingID = try Domain.readID(&reader)
            let at = try Domain.readInstant(&reader)
            let reason = try reader.readOptionalString()
            return .bookingCancelled(id, at: at, reason: reason, origin: try Domain.readOrigin(&reader))
        case Tag.bookingRescheduled:
            let id: BookingID = try Domain.readID(&reader)
            let staffID: StaffID = try Domain.readID(&reader)
            let startsAt = try Domain.readInstant(&reader)
            let at = try Domain.readInstant(&reader)
            let origin = try Domain.readOrigin(&reader)
            return .bookingRescheduled(id, staffID: staffID, startsAt: startsAt, at: at, origin: origin)
        case Tag.bookingCompleted:
            let (id, at, origin): (BookingID, Instant, Origin) = try readChange(&reader)
            return .bookingCompleted(id, at: at, origin: origin)
        case Tag.bookingMarkedNoShow:
            let (id, at, origin): (BookingID, Instant, Origin) = try readChange(&reader)
            return .bookingMarkedNoShow(id, at: at, origin: origin)
        case Tag.expiredSwept:
            return try readExpiredSwept(&reader)
        case Tag.apiKeyIssued:
            return .apiKeyIssued(try Domain.readApiKey(&reader))
        case Tag.apiKeyRevoked:
            let id: ApiKeyID = try Domain.readID(&reader)
            return .apiKeyRevoked(id, at: try Domain.readInstant(&reader))
        case Tag.bookingAttendanceConfirmed:
            let (id, at, origin): (BookingID, Instant, Origin) = try readChange(&reader)
            return .bookingAttendanceConfirmed(id, at: at, origin: origin)
        default:
            return try readMessagingEvent(tag: tag, tagOffset: tagOffset, &reader)
        }
    }

    private static func readMessagingEvent(
        tag: UInt8,
        tagOffset: Int,
        _ reader: inout ByteReader
    ) throws(CodecError) -> EngineEvent {
        typealias Messaging = MessagingFormatV1
        switch tag {
        case Tag.lineChannelStored:
            return .lineChannelStored(try Messaging.readChannel(&reader))
        case Tag.lineReachabilityChanged:
            let customerID: CustomerID = try DomainFormatV1.readID(&reader)
            let reachable = try reader.readBool()
            return .lineReachabilityChanged(
                customerID, reachable: reachable, at: try DomainFormatV1.readInstant(&reader))
        case Tag.lineWebhookEventsHandled:
            let merchantID: MerchantID = try DomainFormatV1.readID(&reader)
            var eventIDs: [String] = []
            for _ in 0..<(try reader.readCount(elementBytesMin: Messaging.stringBytesMin)) {
                eventIDs.append(try reader.readString())
            }
            return .lineWebhookEventsHandled(
                merchantID, eventIDs: eventIDs, at: try DomainFormatV1.readInstant(&reader))
        case Tag.notificationsSettled:
            var outcomes: [NotificationOutcome] = []
            for _ in 0..<(try reader.readCount(elementBytesMin: Messaging.outcomeBytesMin)) {
                outcomes.append(try Messaging.readOutcome(&reader))
            }
            return .notificationsSettled(outcomes, at: try DomainFormatV1.readInstant(&reader))
        default:
            throw CodecError(.unknownTag, "unknown event tag \(tag) in format version \(version)", offset: tagOffset)
        }
    }

    /// The fields shared by events that only name what changed, when and by whom.
    private static func readChange<Kind>(
        _ reader: inout ByteReader
    ) throws(CodecError) -> (Identifier<Kind>, Instant, Origin) {
        let id: Identifier<Kind> = try DomainFormatV1.readID(&reader)
        let at = try DomainFormatV1.readInstant(&reader)
        return (id, at, try DomainFormatV1.readOrigin(&reader))
    }

    private static func readExpiredSwept(_ reader: inout ByteReader) throws(CodecError) -> EngineEvent {
        let holdCount = try reader.readCount(elementBytesMin: 1)
        var holdIDs: [HoldID] = []
        holdIDs.reserveCapacity(holdCount)
        for _ in 0..<holdCount { holdIDs.append(try DomainFormatV1.readID(&reader)) }
        let keyCount = try reader.readCount(elementBytesMin: DomainFormatV1.idempotencyKeyBytesMin)
        var keys: [IdempotencyKey] = []
        keys.reserveCapacity(keyCount)
        for _ in 0..<keyCount { keys.append(try DomainFormatV1.readIdempotencyKey(&reader)) }
        return .expiredSwept(holds: holdIDs, idempotencyKeys: keys, at: try DomainFormatV1.readInstant(&reader))
    }
}
