/// Event format version 1: a tag byte naming the event, then its fields in declaration order, each written by
/// ``DomainFormatV1``. The version byte in front is ``EventCodec``'s business.
///
/// Frozen once logs exist: a later format adds an `EventFormatV2` beside this one and leaves this reader alone.
enum EventFormatV1 {
    /// The version byte of this format.
    static let version: UInt8 = 1

    /// The tag of each event; explicit so that reordering `EngineEvent`'s cases cannot change the format.
    enum Tag {
        static let merchantCreated: UInt8 = 1
        static let merchantUpdated: UInt8 = 2
        static let staffCreated: UInt8 = 3
        static let staffUpdated: UInt8 = 4
        static let timeOffAdded: UInt8 = 5
        static let timeOffRemoved: UInt8 = 6
        static let serviceCreated: UInt8 = 7
        static let serviceUpdated: UInt8 = 8
        static let customerCreated: UInt8 = 9
        static let customerUpdated: UInt8 = 10
        static let holdCreated: UInt8 = 11
        static let holdReleased: UInt8 = 12
        static let bookingCreated: UInt8 = 13
        static let bookingCancelled: UInt8 = 14
        static let bookingRescheduled: UInt8 = 15
        static let bookingCompleted: UInt8 = 16
        static let bookingMarkedNoShow: UInt8 = 17
        static let expiredSwept: UInt8 = 18
        static let apiKeyIssued: UInt8 = 19
        static let apiKeyRevoked: UInt8 = 20
        static let bookingAttendanceConfirmed: UInt8 = 21
        static let lineChannelStored: UInt8 = 22
        static let lineReachabilityChanged: UInt8 = 23
        static let lineWebhookEventsHandled: UInt8 = 24
        static let notificationsSettled: UInt8 = 25
    }

    /// Writes the tag and fields of `event` (not the version byte).
    static func write(_ event: EngineEvent, to writer: inout ByteWriter) {
        typealias Domain = DomainFormatV1
        switch event {
        case .merchantCreated(let merchant):
            writer.writeUInt8(Tag.merchantCreated)
            Domain.write(merchant, to: &writer)
        case .merchantUpdated(let merchant):
            writer.writeUInt8(Tag.merchantUpdated)
            Domain.write(merchant, to: &writer)
        case .staffCreated(let staff):
            writer.writeUInt8(Tag.staffCreated)
            Domain.write(staff, to: &writer)
        case .staffUpdated(let staff):
            writer.writeUInt8(Tag.staffUpdated)
            Domain.write(staff, to: &writer)
        case .timeOffAdded(let staffID, let timeOff):
            writer.writeUInt8(Tag.timeOffAdded)
            Domain.write(staffID, to: &writer)
            Domain.write(timeOff, to: &writer)
        case .timeOffRemoved(let staffID, let timeOffID):
            writer.writeUInt8(Tag.timeOffRemoved)
            Domain.write(staffID, to: &writer)
            Domain.write(timeOffID, to: &writer)
        case .serviceCreated(let service):
            writer.writeUInt8(Tag.serviceCreated)
            Domain.write(service, to: &writer)
        case .serviceUpdated(let service):
            writer.writeUInt8(Tag.serviceUpdated)
            Domain.write(service, to: &writer)
        case .customerCreated(let customer):
            writer.writeUInt8(Tag.customerCreated)
            Domain.write(customer, to: &writer)
        case .customerUpdated(let customer):
            writer.writeUInt8(Tag.customerUpdated)
            Domain.write(customer, to: &writer)
        default:
            writeLedgerEvent(event, to: &writer)
        }
    }

    private static func writeLedgerEvent(_ event: EngineEvent, to writer: inout ByteWriter) {
        typealias Domain = DomainFormatV1
        switch event {
        case .holdCreated(let hold):
            writer.writeUInt8(Tag.holdCreated)
            Domain.write(hold, to: &writer)
        case .holdReleased(let holdID, let at, let origin):
            writer.writeUInt8(Tag.holdReleased)
            writeChange(of: holdID, at: at, origin: origin, to: &writer)
        case .bookingCreated(let booking, let idempotency):
            writer.writeUInt8(Tag.bookingCreated)
            Domain.write(booking, to: &writer)
            writer.writeOptional(idempotency) { Domain.write($1, to: &$0) }
        case .bookingCancelled(let id, let at, let reason, let origin):
            writer.writeUInt8(Tag.bookingCancelled)
            Domain.write(id, to: &writer)
            Domain.write(at, to: &writer)
            writer.writeOptionalString(reason)
            Domain.write(origin, to: &writer)
        case .bookingRescheduled(let id, let staffID, let startsAt, let at, let origin):
            writer.writeUInt8(Tag.bookingRescheduled)
            Domain.write(id, to: &writer)
            Domain.write(staffID, to: &writer)
            Domain.write(startsAt, to: &writer)
            Domain.write(at, to: &writer)
            Domain.write(origin, to: &writer)
        case .bookingCompleted(let id, let at, let origin):
            writer.writeUInt8(Tag.bookingCompleted)
            writeChange(of: id, at: at, origin: origin, to: &writer)
        case .bookingMarkedNoShow(let id, let at, let origin):
            writer.writeUInt8(Tag.bookingMarkedNoShow)
            writeChange(of: id, at: at, origin: origin, to: &writer)
        case .expiredSwept(let holdIDs, let keys, let at):
            writer.writeUInt8(Tag.expiredSwept)
            writer.writeVarUInt(UInt64(holdIDs.count))
            for id in holdIDs { Domain.write(id, to: &writer) }
            writer.writeVarUInt(UInt64(keys.count))
            for key in keys { Domain.write(key, to: &writer) }
            Domain.write(at, to: &writer)
        case .apiKeyIssued(let key):
            writer.writeUInt8(Tag.apiKeyIssued)
            Domain.write(key, to: &writer)
        case .apiKeyRevoked(let id, let at):
            writer.writeUInt8(Tag.apiKeyRevoked)
            Domain.write(id, to: &writer)
            Domain.write(at, to: &writer)
        case .bookingAttendanceConfirmed(let id, let at, let origin):
            writer.writeUInt8(Tag.bookingAttendanceConfirmed)
            writeChange(of: id, at: at, origin: origin, to: &writer)
        default:
            writeMessagingEvent(event, to: &writer)
        }
    }

    private static func writeMessagingEvent(_ event: EngineEvent, to writer: inout ByteWriter) {
        typealias Messaging = MessagingFormatV1
        switch event {
        case .lineChannelStored(let channel):
            writer.writeUInt8(Tag.lineChannelStored)
            Messaging.write(channel, to: &writer)
        case .lineReachabilityChanged(let customerID, let reachable, let at):
            writer.writeUInt8(Tag.lineReachabilityChanged)
            DomainFormatV1.write(customerID, to: &writer)
            writer.writeBool(reachable)
            DomainFormatV1.write(at, to: &writer)
        case .lineWebhookEventsHandled(let merchantID, let eventIDs, let at):
            writer.writeUInt8(Tag.lineWebhookEventsHandled)
            DomainFormatV1.write(merchantID, to: &writer)
            writer.writeVarUInt(UInt64(eventIDs.count))
            for eventID in eventIDs { writer.writeString(eventID) }
            DomainFormatV1.write(at, to: &writer)
        case .notificationsSettled(let outcomes, let at):
            writer.writeUInt8(Tag.notificationsSettled)
            writer.writeVarUInt(UInt64(outcomes.count))
            for outcome in outcomes { Messaging.write(outcome, to: &writer) }
            DomainFormatV1.write(at, to: &writer)
        default:
            preconditionFailure("catalog events are written by write(_:to:)")
        }
    }

    /// The fields shared by events that only name what changed, when and by whom.
    private static func writeChange<Kind>(
        of id: Identifier<Kind>,
        at: Instant,
        origin: Origin,
        to writer: inout ByteWriter
    ) {
        DomainFormatV1.write(id, to: &writer)
        DomainFormatV1.write(at, to: &writer)
        DomainFormatV1.write(origin, to: &writer)
    }
}
