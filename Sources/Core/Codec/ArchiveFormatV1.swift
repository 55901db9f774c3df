/// The content of an archive file (before compression; the file's frame is the node's business): a version byte,
/// the number of bookings, then each booking by ascending id with its changes after creation — the same fields as
/// in snapshots (``DomainFormatV1``).
///
/// Content version 2, written when some booking has resource needs or visit items, follows each booking's changes
/// with its needs (``ResourceFormatV1``) and items (``VisitFormatV1``); version 1 is written otherwise, so files of
/// bookings without them keep their bytes.
///
/// Frozen once archives exist. The content is a pure function of the bookings, so every node writes the same bytes.
public enum ArchiveFormatV1 {
    /// The version byte.
    static let version: UInt8 = 1
    /// The version byte of content whose bookings carry needs and items.
    static let versionWithParts: UInt8 = 2

    /// The content for `bookings` (ascending ids).
    public static func encode(_ bookings: [ArchivedBooking]) -> [UInt8] {
        var writer = ByteWriter()
        let withParts = bookings.contains { !$0.booking.resourceNeeds.isEmpty || !$0.booking.items.isEmpty }
        writer.writeUInt8(withParts ? versionWithParts : version)
        writer.writeVarUInt(UInt64(bookings.count))
        for entry in bookings {
            DomainFormatV1.write(entry.booking, to: &writer)
            writer.writeVarUInt(UInt64(entry.changes.count))
            for change in entry.changes { DomainFormatV1.write(change, to: &writer) }
            if withParts {
                ResourceFormatV1.write(entry.booking.resourceNeeds, to: &writer)
                VisitFormatV1.write(entry.booking.items, to: &writer)
            }
        }
        return writer.bytes
    }

    /// The bookings of a content; throws on anything malformed (ids must ascend, nothing may trail).
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> [ArchivedBooking] {
        try ByteReader.reading(bytes) { reader throws(CodecError) in try read(&reader) }
    }

    private static func read(_ reader: inout ByteReader) throws(CodecError) -> [ArchivedBooking] {
        let versionOffset = reader.offset
        let contentVersion = try reader.readUInt8()
        guard contentVersion == version || contentVersion == versionWithParts else {
            throw CodecError(.unsupportedVersion, "unknown archive content version", offset: versionOffset)
        }
        let count = try reader.readCount(elementBytesMin: DomainFormatV1.bookingBytesMin + 1)
        var bookings: [ArchivedBooking] = []
        bookings.reserveCapacity(count)
        var previous: BookingID?
        for _ in 0..<count {
            let start = reader.offset
            var booking = try DomainFormatV1.readBooking(&reader)
            try SnapshotFormatV1.requireAscending(booking.id, after: previous, "archived bookings", at: start)
            previous = booking.id
            let changeCount = try reader.readCount(elementBytesMin: SnapshotFormatV1.changeBytesMin)
            var changes: [BookingChange] = []
            changes.reserveCapacity(changeCount)
            for _ in 0..<changeCount { changes.append(try DomainFormatV1.readChange(&reader)) }
            if contentVersion == versionWithParts {
                booking.resourceNeeds = try ResourceFormatV1.readNeeds(&reader)
                booking.items = try VisitFormatV1.readItems(&reader)
            }
            bookings.append(ArchivedBooking(booking: booking, changes: changes))
        }
        try reader.expectEnd()
        return bookings
    }

    /// The digest an ``ArchiveBatch`` records for a content.
    public static func digest(_ content: [UInt8]) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(UInt64(content.count))
        for byte in content { hasher.combine(UInt64(byte)) }
        return hasher.value
    }
}
