/// Reads frames written by `FrameEncoder`, trusting nothing: every length is checked against its limit and the
/// header CRC before it is used, so corrupt bytes never cause a large allocation or an out-of-bounds read.
public enum FrameDecoder {
    /// Decodes and validates the header at the start of `bytes`: magic, header CRC, version, flags and lengths,
    /// in that order. Needs at least `FrameHeader.size` bytes, else throws `.truncated`.
    public static func decodeHeader(_ bytes: UnsafeRawBufferPointer) throws(WALFormatError) -> FrameHeader {
        guard bytes.count >= FrameHeader.size else {
            throw WALFormatError(.truncated, "\(bytes.count) bytes cannot hold a frame header", offset: 0)
        }
        let header = FrameHeader.read(from: bytes)
        guard header.magic == FrameHeader.magicNumber else {
            throw WALFormatError(.badMagic, "frame magic is \(hex(header.magic))", offset: 0)
        }
        let headerCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[8..<FrameHeader.size]))
        guard headerCRC == header.headerCRC else {
            throw WALFormatError(
                .headerChecksum, "header CRC is \(hex(headerCRC)), stored \(hex(header.headerCRC))", offset: 4)
        }
        guard header.formatVersion == FrameHeader.formatVersionCurrent else {
            throw WALFormatError(.unsupportedVersion, "format version \(header.formatVersion)", offset: 8)
        }
        guard header.flags & ~FrameHeader.flagsKnown == 0 else {
            throw WALFormatError(.unsupportedFlags, "flags \(hex(UInt32(header.flags)))", offset: 10)
        }
        try validateLengths(header)
        return header
    }

    /// Decodes the frame at the start of `bytes` (more frames may follow it): header, chain (when
    /// `expectedPreviousCRC` is given), payload CRC, decompression and record framing. `frameLength` is where the
    /// next frame starts. Without `keepsRecords` the records are checked but not copied out (`records` is empty).
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, expectedPreviousCRC: UInt32?, keepsRecords: Bool = true
    ) throws(WALFormatError) -> (header: FrameHeader, records: [FrameRecord], frameLength: Int) {
        let header = try decodeHeader(bytes)
        if let expectedPreviousCRC, header.previousFrameCRC != expectedPreviousCRC {
            throw WALFormatError(
                .chainBroken,
                "previous-frame CRC is \(hex(header.previousFrameCRC)), expected \(hex(expectedPreviousCRC))",
                offset: 48)
        }
        let frameLength = header.frameLength
        guard bytes.count >= frameLength else {
            throw WALFormatError(
                .truncated, "frame needs \(frameLength) bytes, \(bytes.count) available", offset: FrameHeader.size)
        }
        let stored = UnsafeRawBufferPointer(rebasing: bytes[FrameHeader.size..<frameLength])
        let payloadCRC = CRC32C.checksum(stored)
        guard payloadCRC == header.payloadCRC else {
            throw WALFormatError(
                .payloadChecksum, "payload CRC is \(hex(payloadCRC)), stored \(hex(header.payloadCRC))",
                offset: FrameHeader.size)
        }
        let records: [FrameRecord]
        if header.isCompressed {
            let raw: [UInt8]
            do {
                raw = try LZ4Block.decompress(stored, rawLength: Int(header.rawLength))
            } catch {
                throw error.rebased(by: FrameHeader.size)
            }
            // withUnsafeBytes rethrows untyped errors, so the typed error travels out in a Result.
            let parsed = raw.withUnsafeBytes { payload in
                Result { () throws(WALFormatError) -> [FrameRecord] in
                    try parseRecords(payload, header: header, errorOffset: nil, keeps: keepsRecords)
                }
            }
            records = try parsed.get()
        } else {
            records = try parseRecords(stored, header: header, errorOffset: FrameHeader.size, keeps: keepsRecords)
        }
        precondition(
            records.count == (keepsRecords ? Int(header.recordCount) : 0), "record count disagrees with header")
        return (header, records, frameLength)
    }

    /// Checks every length and count of a header whose CRC matched, before any of them is used.
    private static func validateLengths(_ header: FrameHeader) throws(WALFormatError) {
        guard Int(header.recordCount) <= FrameHeader.recordCountMax else {
            throw WALFormatError(.lengthOutOfRange, "record count \(header.recordCount) over limit", offset: 12)
        }
        guard Int(header.rawLength) <= FrameHeader.rawLengthMax else {
            throw WALFormatError(.lengthOutOfRange, "raw length \(header.rawLength) over limit", offset: 40)
        }
        guard Int(header.recordCount) * FrameHeader.recordPrefixSize <= Int(header.rawLength) else {
            throw WALFormatError(
                .lengthOutOfRange, "\(header.recordCount) records cannot fit \(header.rawLength) bytes", offset: 12)
        }
        // The encoder stores compressed only when strictly smaller, so any other pairing is corrupt.
        let storedValid =
            header.isCompressed
            ? header.storedLength > 0 && header.storedLength < header.rawLength
            : header.storedLength == header.rawLength
        guard storedValid else {
            throw WALFormatError(
                .lengthOutOfRange, "stored length \(header.storedLength) for raw length \(header.rawLength)",
                offset: 44)
        }
        guard header.firstLSN <= UInt64.max - UInt64(header.recordCount) else {
            throw WALFormatError(.lengthOutOfRange, "LSNs from \(header.firstLSN) overflow", offset: 24)
        }
    }

    /// Splits a raw payload into its length-prefixed records, which must fill it exactly. Errors carry
    /// `errorOffset` plus the position in the payload, or the payload start when the payload was decompressed.
    private static func parseRecords(
        _ payload: UnsafeRawBufferPointer, header: FrameHeader, errorOffset: Int?, keeps: Bool
    ) throws(WALFormatError) -> [FrameRecord] {
        precondition(payload.count == Int(header.rawLength), "payload length disagrees with header")
        var records: [FrameRecord] = []
        if keeps { records.reserveCapacity(Int(header.recordCount)) }
        var position = 0
        for index in 0..<Int(header.recordCount) {
            guard payload.count - position >= FrameHeader.recordPrefixSize else {
                throw framingError("record \(index) prefix runs past the payload", position, errorOffset)
            }
            let length = Int(UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            position += FrameHeader.recordPrefixSize
            guard length <= payload.count - position else {
                throw framingError("record \(index) length \(length) runs past the payload", position, errorOffset)
            }
            if keeps {
                let bytes = [UInt8](UnsafeRawBufferPointer(rebasing: payload[position..<(position + length)]))
                records.append(FrameRecord(lsn: header.firstLSN + UInt64(index), payload: bytes))
            }
            position += length
        }
        guard position == payload.count else {
            throw framingError("\(payload.count - position) bytes follow the last record", position, errorOffset)
        }
        return records
    }

    /// A `.recordFraming` error at `position` in the payload, when the payload's position in the frame is known.
    private static func framingError(_ message: String, _ position: Int, _ payloadOffset: Int?) -> WALFormatError {
        WALFormatError(.recordFraming, message, offset: payloadOffset.map { $0 + position } ?? FrameHeader.size)
    }

    /// `0x` and eight hex digits.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
