/// The binary form of ``EngineEvent``s in the write-ahead log: a format version byte, a tag byte naming the event,
/// then its fields (see `EventFormatV6`; version 5, without the waitlist, version 4, without the resources,
/// version 3, without the account events, version 2, without the quota month of delivery outcomes, and version 1,
/// without the merchant's address and currency and the LINE Login channel id, are still read).
///
/// Decoding dispatches on the version byte, so a build that writes a newer version still reads every older log.
/// Decoding trusts nothing: any byte string either decodes to an event or throws a ``CodecError``; it never traps
/// and never allocates more than the input's size warrants.
public enum EventCodec {
    /// The format version this build writes.
    public static let formatVersion: UInt8 = EventFormatV6.version

    /// Bytes reserved up front for one event; most events fit.
    private static let eventBytesTypical = 96

    /// The encoded form of `event`.
    public static func encode(_ event: EngineEvent) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(eventBytesTypical)
        encode(event, appendingTo: &bytes)
        return bytes
    }

    /// Appends the encoded form of `event` to `bytes`, for callers that batch events into one buffer.
    public static func encode(_ event: EngineEvent, appendingTo bytes: inout [UInt8]) {
        var writer = ByteWriter()
        swap(&writer.bytes, &bytes)
        let start = writer.bytes.count
        writer.writeUInt8(formatVersion)
        EventFormatV6.write(event, to: &writer)
        precondition(writer.bytes.count > start + 1, "an event takes more than its version byte")
        swap(&writer.bytes, &bytes)
    }

    /// Decodes one event that fills `bytes` exactly.
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> EngineEvent {
        try ByteReader.reading(bytes) { reader throws(CodecError) in try decode(from: &reader) }
    }

    /// Decodes one event that fills `bytes` exactly; error offsets count from the slice's start.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(CodecError) -> EngineEvent {
        try ByteReader.reading(bytes) { reader throws(CodecError) in try decode(from: &reader) }
    }

    /// Decodes one event that fills `bytes` exactly, without copying them.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(CodecError) -> EngineEvent {
        var reader = ByteReader(bytes)
        return try decode(from: &reader)
    }

    /// Reads the version byte, the event in that version's format, and checks that nothing follows.
    static func decode(from reader: inout ByteReader) throws(CodecError) -> EngineEvent {
        let versionOffset = reader.offset
        let version = try reader.readUInt8()
        let event: EngineEvent
        switch version {
        case EventFormatV1.version:
            event = try EventFormatV1.read(&reader)
        case EventFormatV2.version:
            event = try EventFormatV2.read(&reader)
        case EventFormatV3.version:
            event = try EventFormatV3.read(&reader)
        case EventFormatV4.version:
            event = try EventFormatV4.read(&reader)
        case EventFormatV5.version:
            event = try EventFormatV5.read(&reader)
        case EventFormatV6.version:
            event = try EventFormatV6.read(&reader)
        default:
            throw CodecError(
                .unsupportedVersion,
                "event format version \(version); this build reads 1...\(formatVersion)",
                offset: versionOffset
            )
        }
        try reader.expectEnd()
        return event
    }
}
