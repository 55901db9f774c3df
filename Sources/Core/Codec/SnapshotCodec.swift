/// The binary form of a whole ``EngineState``: a format version byte, then the state (see `SnapshotFormatV6`;
/// version 5, without the waitlist, version 4, without the resources, version 1, without the outbox, version 2,
/// without the extensions of `ExtensionFormatV1`, and version 3, without the accounts, are still read).
///
/// Encoding is deterministic (everything in id order), so equal states give equal bytes. Decoding trusts nothing:
/// any byte string either decodes to a state whose parts fit together or throws a ``CodecError``.
public enum SnapshotCodec {
    /// The format version this build writes.
    public static let formatVersion: UInt8 = SnapshotFormatV6.version

    /// The encoded form of `state`.
    public static func encode(_ state: EngineState) -> [UInt8] {
        let ledger = state.ledger
        var writer = ByteWriter(capacity: 64 + ledger.bookings.count * SnapshotFormatV1.bookingBytesTypical)
        writer.writeUInt8(formatVersion)
        SnapshotFormatV6.write(state, to: &writer)
        return writer.bytes
    }

    /// Decodes a state that fills `bytes` exactly.
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> EngineState {
        try ByteReader.reading(bytes) { reader throws(CodecError) in try decode(from: &reader) }
    }

    /// Decodes a state that fills `bytes` exactly; error offsets count from the slice's start.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(CodecError) -> EngineState {
        try ByteReader.reading(bytes) { reader throws(CodecError) in try decode(from: &reader) }
    }

    /// Decodes a state that fills `bytes` exactly, without copying them.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(CodecError) -> EngineState {
        var reader = ByteReader(bytes)
        return try decode(from: &reader)
    }

    /// Reads the version byte, the state in that version's format, and checks that nothing follows.
    static func decode(from reader: inout ByteReader) throws(CodecError) -> EngineState {
        let versionOffset = reader.offset
        let version = try reader.readUInt8()
        let state: EngineState
        switch version {
        case SnapshotFormatV1.version:
            state = try SnapshotFormatV1.read(&reader)
        case SnapshotFormatV2.version:
            state = try SnapshotFormatV2.read(&reader)
        case SnapshotFormatV3.version:
            state = try SnapshotFormatV3.read(&reader)
        case SnapshotFormatV4.version:
            state = try SnapshotFormatV4.read(&reader)
        case SnapshotFormatV5.version:
            state = try SnapshotFormatV5.read(&reader)
        case SnapshotFormatV6.version:
            state = try SnapshotFormatV6.read(&reader)
        default:
            throw CodecError(
                .unsupportedVersion,
                "snapshot format version \(version); this build reads 1...\(formatVersion)",
                offset: versionOffset
            )
        }
        try reader.expectEnd()
        return state
    }
}
