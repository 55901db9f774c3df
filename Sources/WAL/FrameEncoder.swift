/// Turns one group-commit batch of records into the bytes of one frame (header followed by payload).
///
/// The raw payload is each record as a little-endian `UInt32` length followed by its bytes. With `compression`, the
/// payload is stored as an LZ4 block only when that is strictly smaller; otherwise it is stored raw.
public enum FrameEncoder {
    /// Encodes `records` as one frame. The batch must respect `FrameHeader.recordCountMax` and
    /// `FrameHeader.rawLengthMax`, and the LSNs must not overflow: callers bound their batches, so a violation traps.
    public static func encode(
        records: [[UInt8]], firstLSN: UInt64, epoch: UInt64, timestampMillis: Int64, previousFrameCRC: UInt32,
        compression: Bool
    ) -> (bytes: [UInt8], header: FrameHeader) {
        precondition(records.count <= FrameHeader.recordCountMax, "frame holds too many records")
        precondition(firstLSN <= UInt64.max - UInt64(records.count), "frame LSNs overflow")
        let raw = rawPayload(records)
        let compressed = compression ? LZ4Block.compress(raw) : nil
        let stored = compressed ?? raw
        precondition(stored.count <= raw.count, "stored payload larger than raw payload")
        let header = FrameHeader(
            flags: compressed == nil ? 0 : FrameHeader.flagCompressedLZ4,
            recordCount: UInt32(records.count),
            epoch: epoch,
            firstLSN: firstLSN,
            timestampMillis: timestampMillis,
            rawLength: UInt32(raw.count),
            storedLength: UInt32(stored.count),
            previousFrameCRC: previousFrameCRC,
            payloadCRC: CRC32C.checksum(stored))
        var bytes = header.bytes
        bytes.reserveCapacity(FrameHeader.size + stored.count)
        bytes.append(contentsOf: stored)
        precondition(bytes.count == header.frameLength, "frame length disagrees with its header")
        return (bytes, header)
    }

    /// Concatenates the records, each behind its little-endian `UInt32` length.
    static func rawPayload(_ records: [[UInt8]]) -> [UInt8] {
        var rawLength = 0
        for record in records {
            rawLength += FrameHeader.recordPrefixSize + record.count
            precondition(rawLength <= FrameHeader.rawLengthMax, "frame payload exceeds rawLengthMax")
        }
        var raw: [UInt8] = []
        raw.reserveCapacity(rawLength)
        for record in records {
            let length = UInt32(record.count)
            withUnsafeBytes(of: length.littleEndian) { raw.append(contentsOf: $0) }
            raw.append(contentsOf: record)
        }
        precondition(raw.count == rawLength, "raw payload length miscounted")
        return raw
    }
}
