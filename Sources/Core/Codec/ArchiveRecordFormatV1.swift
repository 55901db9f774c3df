/// How event format 4 writes `bookingsArchived` and snapshot format 4 writes the archived files' summaries.
///
/// A batch: its file name, the booking ids (a count, the first id, then ascending gaps), the merchant ids (the
/// same), the content digest (8 bytes), the cutoff and the instant. A summary: name, count, first and last id,
/// merchant ids as above, digest, cutoff, instant. Frozen once logs exist.
enum ArchiveRecordFormatV1 {
    /// Fewest bytes a batch takes: empty name, one id, no merchants, digest, two instants.
    static let batchBytesMin = 14
    /// Fewest bytes a summary takes.
    static let fileBytesMin = 16

    static func write(_ batch: ArchiveBatch, to writer: inout ByteWriter) {
        writer.writeString(batch.name)
        writeAscending(batch.bookingIDs, to: &writer)
        writeAscending(batch.merchantIDs, to: &writer)
        writer.writeUInt64(batch.contentDigest)
        DomainFormatV1.write(batch.cutoff, to: &writer)
        DomainFormatV1.write(batch.at, to: &writer)
    }

    static func readBatch(_ reader: inout ByteReader) throws(CodecError) -> ArchiveBatch {
        let name = try reader.readString()
        let start = reader.offset
        let bookingIDs: [BookingID] = try readAscending(&reader)
        guard !bookingIDs.isEmpty else { throw CodecError(.invalidValue, "an empty archive batch", offset: start) }
        let merchantIDs: [MerchantID] = try readAscending(&reader)
        let digest = try reader.readUInt64()
        let cutoff = try DomainFormatV1.readInstant(&reader)
        let at = try DomainFormatV1.readInstant(&reader)
        return ArchiveBatch(
            name: name, bookingIDs: bookingIDs, merchantIDs: merchantIDs, contentDigest: digest, cutoff: cutoff,
            at: at)
    }

    static func write(_ file: ArchivedFile, to writer: inout ByteWriter) {
        writer.writeString(file.name)
        writer.writeVarUInt(UInt64(file.count))
        DomainFormatV1.write(file.firstID, to: &writer)
        DomainFormatV1.write(file.lastID, to: &writer)
        writeAscending(file.merchantIDs, to: &writer)
        writer.writeUInt64(file.contentDigest)
        DomainFormatV1.write(file.cutoff, to: &writer)
        DomainFormatV1.write(file.at, to: &writer)
    }

    static func readFile(_ reader: inout ByteReader) throws(CodecError) -> ArchivedFile {
        let start = reader.offset
        let name = try reader.readString()
        let count = try reader.readVarUInt()
        let firstID: BookingID = try DomainFormatV1.readID(&reader)
        let lastID: BookingID = try DomainFormatV1.readID(&reader)
        guard count >= 1, count <= UInt64(Int32.max), firstID <= lastID else {
            throw CodecError(.invalidValue, "an archived file's count or id range is impossible", offset: start)
        }
        let merchantIDs: [MerchantID] = try readAscending(&reader)
        let digest = try reader.readUInt64()
        let cutoff = try DomainFormatV1.readInstant(&reader)
        let at = try DomainFormatV1.readInstant(&reader)
        return ArchivedFile(
            name: name, count: Int(count), firstID: firstID, lastID: lastID, merchantIDs: merchantIDs,
            contentDigest: digest, cutoff: cutoff, at: at)
    }

    /// A count, the first id, then the gaps to each next one.
    private static func writeAscending<Kind>(_ ids: [Identifier<Kind>], to writer: inout ByteWriter) {
        writer.writeVarUInt(UInt64(ids.count))
        var previous: UInt64 = 0
        for (index, id) in ids.enumerated() {
            writer.writeVarUInt(index == 0 ? id.rawValue : id.rawValue - previous)
            previous = id.rawValue
        }
    }

    private static func readAscending<Kind>(_ reader: inout ByteReader) throws(CodecError) -> [Identifier<Kind>] {
        let count = try reader.readCount(elementBytesMin: 1)
        var ids: [Identifier<Kind>] = []
        ids.reserveCapacity(count)
        var previous: UInt64 = 0
        for index in 0..<count {
            let start = reader.offset
            let value = try reader.readVarUInt()
            let (raw, overflow) = index == 0 ? (value, false) : previous.addingReportingOverflow(value)
            guard !overflow, raw > 0, raw < (1 << 63), index == 0 || value > 0 else {
                throw CodecError(.invalidValue, "ids must ascend and stay within range", offset: start)
            }
            ids.append(Identifier(raw))
            previous = raw
        }
        return ids
    }
}
