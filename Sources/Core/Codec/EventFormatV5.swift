/// Event format version 5: version 4 (see ``EventFormatV4``) plus the shared resources: `resourceCreated` and
/// `resourceUpdated` with tags of their own (fields written by ``ResourceFormatV1``), services, holds and a
/// booking's creation followed by their resource needs, and a booking's creation then by its visit items
/// (``VisitFormatV1``; none for a booking of one service). Every other event is written exactly as in version 4.
///
/// Frozen once logs exist.
enum EventFormatV5 {
    /// The version byte of this format.
    static let version: UInt8 = 5

    /// The tags of the events this version adds.
    enum Tag {
        static let resourceCreated: UInt8 = 33
        static let resourceUpdated: UInt8 = 34
    }

    /// Writes the tag and fields of `event` (not the version byte).
    static func write(_ event: EngineEvent, to writer: inout ByteWriter) {
        switch event {
        case .resourceCreated(let resource):
            writer.writeUInt8(Tag.resourceCreated)
            ResourceFormatV1.write(resource, to: &writer)
        case .resourceUpdated(let resource):
            writer.writeUInt8(Tag.resourceUpdated)
            ResourceFormatV1.write(resource, to: &writer)
        case .serviceCreated(let service), .serviceUpdated(let service):
            EventFormatV4.write(event, to: &writer)
            ResourceFormatV1.write(service.resourceNeeds, to: &writer)
        case .holdCreated(let hold):
            EventFormatV4.write(event, to: &writer)
            ResourceFormatV1.write(hold.resourceNeeds, to: &writer)
        case .bookingCreated(let booking, _):
            EventFormatV4.write(event, to: &writer)
            ResourceFormatV1.write(booking.resourceNeeds, to: &writer)
            VisitFormatV1.write(booking.items, to: &writer)
        default:
            EventFormatV4.write(event, to: &writer)
        }
    }

    /// Reads the tag and fields of one event (the version byte already read).
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineEvent {
        var probe = reader
        switch try probe.readUInt8() {
        case Tag.resourceCreated:
            reader = probe
            return .resourceCreated(try ResourceFormatV1.readResource(&reader))
        case Tag.resourceUpdated:
            reader = probe
            return .resourceUpdated(try ResourceFormatV1.readResource(&reader))
        default:
            return try readNeeds(of: EventFormatV4.read(&reader), &reader)
        }
    }

    /// The resource needs trailing services, holds and a booking's creation.
    private static func readNeeds(of event: EngineEvent, _ reader: inout ByteReader) throws(CodecError) -> EngineEvent {
        switch event {
        case .serviceCreated(var service):
            service.resourceNeeds = try ResourceFormatV1.readNeeds(&reader)
            return .serviceCreated(service)
        case .serviceUpdated(var service):
            service.resourceNeeds = try ResourceFormatV1.readNeeds(&reader)
            return .serviceUpdated(service)
        case .holdCreated(var hold):
            hold.resourceNeeds = try ResourceFormatV1.readNeeds(&reader)
            return .holdCreated(hold)
        case .bookingCreated(var booking, let record):
            booking.resourceNeeds = try ResourceFormatV1.readNeeds(&reader)
            booking.items = try VisitFormatV1.readItems(&reader)
            return .bookingCreated(booking, idempotency: record)
        default:
            return event
        }
    }
}
