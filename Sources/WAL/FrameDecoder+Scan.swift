/// Scanning a buffer of consecutive frames (a segment) and deciding how it ends.
///
/// Frames are decoded from offset 0, each checked against the chain (`previousFrameCRC` equals the previous
/// frame's `headerCRC`, the first against `previousCRC`), the LSN sequence (`firstLSN` equals the previous frame's
/// `firstLSN + recordCount`, the first against `expectedFirstLSN` when given) and the epochs (never below the previous
/// frame's, the first's never below `epochFloor`). At the first frame that fails, at offset X, the scan looks for
/// evidence that anything was written after it: a later position holding the magic, a valid header CRC, a supported
/// version and in-limit lengths, with `firstLSN` no lower than the LSN expected next (when one is known). Stale frames
/// from an earlier use of the file have lower LSNs and are not evidence.
///
/// | at offset X                                          | search later headers from | found   | none found |
/// |-----------------------------------------------------|---------------------------|---------|------------|
/// | nothing: the bytes end exactly at X                 | —                         | —       | clean      |
/// | invalid header (short, magic, CRC, version, limits) | X + 1                     | corrupt | torn       |
/// | valid header that does not chain                    | X (itself, unless stale)  | corrupt | torn       |
/// | complete chained frame, LSN out of sequence         | —                         | corrupt | corrupt    |
/// | complete chained frame, epoch below the last one    | —                         | corrupt | corrupt    |
/// | valid chained header, payload short/CRC/LZ4/framing | X + its frame length      | corrupt | torn       |
///
/// "corrupt" is `.corruption(offset: X, error:)`, "torn" is `.tornTail(offset: X)`. A valid, chained header is
/// genuine, so the next frame cannot start inside its payload, and that payload (opaque record bytes) is not searched.
/// A single bit flip in the last frame is indistinguishable from a torn write and reads as a torn tail; anywhere else
/// it reads as corruption.
extension FrameDecoder {
    /// Decodes consecutive frames from the start of `bytes` until the end or the first failure, and classifies how
    /// the buffer ends (see the table above). `expectedFirstLSN`, when known, lets stale frames count as a torn tail;
    /// `epochFloor` is the epoch before the first frame (its segment header's). Without `keepsRecords` every frame is
    /// checked just the same (CRCs, decompression, record framing) but its records are not copied out (recovery
    /// needs only the headers, and copying every record of the log cost it most of its time).
    public static func scan(
        _ bytes: UnsafeRawBufferPointer, previousCRC: UInt32, expectedFirstLSN: UInt64? = nil, epochFloor: UInt64 = 0,
        keepsRecords: Bool = true
    ) -> FrameScan {
        var scan = FrameScan(frames: [], end: .clean, validLength: 0, lastFrameCRC: previousCRC)
        var nextLSN = expectedFirstLSN
        var epoch = epochFloor
        while scan.validLength < bytes.count {
            let offset = scan.validLength
            let decoded: (header: FrameHeader, records: [FrameRecord], frameLength: Int)
            do {
                decoded = try decode(
                    UnsafeRawBufferPointer(rebasing: bytes[offset...]), expectedPreviousCRC: scan.lastFrameCRC,
                    keepsRecords: keepsRecords)
            } catch {
                scan.end = classifyFailure(
                    bytes, at: offset, error: error.rebased(by: offset), previousCRC: scan.lastFrameCRC,
                    nextLSN: nextLSN)
                return scan
            }
            if let nextLSN, decoded.header.firstLSN != nextLSN {
                let error = WALFormatError(
                    .chainBroken, "first LSN \(decoded.header.firstLSN), expected \(nextLSN)", offset: offset + 24)
                scan.end = .corruption(offset: offset, error: error)
                return scan
            }
            if decoded.header.epoch < epoch {
                let error = WALFormatError(
                    .epochDecreased, "epoch \(decoded.header.epoch) after epoch \(epoch)", offset: offset + 16)
                scan.end = .corruption(offset: offset, error: error)
                return scan
            }
            scan.frames.append(FrameScan.Frame(offset: offset, header: decoded.header, records: decoded.records))
            scan.validLength = offset + decoded.frameLength
            scan.lastFrameCRC = decoded.header.headerCRC
            nextLSN = decoded.header.nextLSN
            epoch = decoded.header.epoch
        }
        precondition(scan.validLength == bytes.count, "scan stepped past the end of the buffer")
        return scan
    }

    /// Decides between torn tail and corruption for the frame that failed at `offset`.
    private static func classifyFailure(
        _ bytes: UnsafeRawBufferPointer, at offset: Int, error: WALFormatError, previousCRC: UInt32, nextLSN: UInt64?
    ) -> FrameScan.End {
        precondition(offset < bytes.count, "failure offset outside the buffer")
        var searchStart = offset + 1
        var lsnFloor = nextLSN
        if let header = try? decodeHeader(UnsafeRawBufferPointer(rebasing: bytes[offset...])) {
            if header.previousFrameCRC != previousCRC {
                searchStart = offset
            } else {
                searchStart = offset + header.frameLength
                lsnFloor = max(nextLSN ?? 0, header.nextLSN)
            }
        }
        if findHeader(bytes, from: searchStart, lsnFloor: lsnFloor) != nil {
            return .corruption(offset: offset, error: error)
        }
        return .tornTail(offset: offset)
    }

    /// The first position at or after `start` holding a valid frame header whose `firstLSN` is at least `lsnFloor`.
    static func findHeader(_ bytes: UnsafeRawBufferPointer, from start: Int, lsnFloor: UInt64?) -> Int? {
        var position = max(start, 0)
        while position <= bytes.count - FrameHeader.size {
            let magic = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
            if magic == FrameHeader.magicNumber,
                let header = try? decodeHeader(
                    UnsafeRawBufferPointer(rebasing: bytes[position..<(position + FrameHeader.size)])),
                header.firstLSN >= lsnFloor ?? 0
            {
                return position
            }
            position += 1
        }
        return nil
    }
}
