/// Event format version 6: version 5 (see ``EventFormatV5``) plus the waitlist: `waitlistJoined` (an entry, see
/// ``WaitlistFormatV1``), `waitlistLeft` (a count of entry ids, the ids, the instant, the exit as one byte, the
/// origin) and `waitlistOffered` (the entry id, then the offered hold as ``WaitlistFormatV1`` writes it). Every
/// other event is written exactly as in version 5.
///
/// Frozen once logs exist.
enum EventFormatV6 {
    /// The version byte of this format.
    static let version: UInt8 = 6

    /// The tags of the events this version adds.
    enum Tag {
        static let waitlistJoined: UInt8 = 35
        static let waitlistLeft: UInt8 = 36
        static let waitlistOffered: UInt8 = 37
    }

    /// Writes the tag and fields of `event` (not the version byte).
    static func write(_ event: EngineEvent, to writer: inout ByteWriter) {
        switch event {
        case .waitlistJoined(let entry):
            writer.writeUInt8(Tag.waitlistJoined)
            WaitlistFormatV1.write(entry, to: &writer)
        case .waitlistLeft(let ids, let at, let exit, let origin):
            writer.writeUInt8(Tag.waitlistLeft)
            writer.writeVarUInt(UInt64(ids.count))
            for id in ids { DomainFormatV1.write(id, to: &writer) }
            DomainFormatV1.write(at, to: &writer)
            writer.writeUInt8(exit.rawValue)
            DomainFormatV1.write(origin, to: &writer)
        case .waitlistOffered(let id, let hold):
            writer.writeUInt8(Tag.waitlistOffered)
            DomainFormatV1.write(id, to: &writer)
            WaitlistFormatV1.write(offered: hold, to: &writer)
        default:
            EventFormatV5.write(event, to: &writer)
        }
    }

    /// Reads the tag and fields of one event (the version byte already read).
    static func read(_ reader: inout ByteReader) throws(CodecError) -> EngineEvent {
        var probe = reader
        switch try probe.readUInt8() {
        case Tag.waitlistJoined:
            reader = probe
            return .waitlistJoined(try WaitlistFormatV1.readEntry(&reader))
        case Tag.waitlistLeft:
            reader = probe
            let count = try reader.readCount(elementBytesMin: 1)
            var ids: [WaitlistEntryID] = []
            ids.reserveCapacity(count)
            for _ in 0..<count { ids.append(try DomainFormatV1.readID(&reader)) }
            let at = try DomainFormatV1.readInstant(&reader)
            let exitOffset = reader.offset
            guard let exit = WaitlistExit(rawValue: try reader.readUInt8()) else {
                throw CodecError(.invalidValue, "unknown waitlist exit", offset: exitOffset)
            }
            return .waitlistLeft(ids, at: at, exit: exit, origin: try DomainFormatV1.readOrigin(&reader))
        case Tag.waitlistOffered:
            reader = probe
            let id: WaitlistEntryID = try DomainFormatV1.readID(&reader)
            return .waitlistOffered(id, try WaitlistFormatV1.readOfferedHold(&reader))
        default:
            return try EventFormatV5.read(&reader)
        }
    }
}
