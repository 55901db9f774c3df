import Core
import WAL

/// Builds encoded frame sequences for tests.
enum FrameFixtures {
    /// One encoded frame and the records it was built from.
    struct EncodedFrame {
        var bytes: [UInt8]
        var header: FrameHeader
        var records: [[UInt8]]
    }

    /// `frameCount` chained frames starting at LSN `firstLSN`, each with 1...`recordsMax` records of up to
    /// `recordLengthMax` bytes, alternately compressible and random.
    static func chain(
        frameCount: Int, rng: inout SplitMix64, firstLSN: UInt64 = 1, previousCRC: UInt32 = 0, recordsMax: Int = 4,
        recordLengthMax: Int = 40, compression: Bool = true
    ) -> [EncodedFrame] {
        var frames: [EncodedFrame] = []
        var lsn = firstLSN
        var previous = previousCRC
        for index in 0..<frameCount {
            let recordCount = rng.int(recordsMax) + 1
            let records = (0..<recordCount).map { _ in
                let length = rng.int(recordLengthMax + 1)
                return index % 2 == 0 ? rng.compressibleBytes(length) : rng.bytes(length)
            }
            let encoded = FrameEncoder.encode(
                records: records, firstLSN: lsn, epoch: 7, timestampMillis: 1_750_000_000_000 + Int64(index),
                previousFrameCRC: previous, compression: compression)
            frames.append(EncodedFrame(bytes: encoded.bytes, header: encoded.header, records: records))
            lsn += UInt64(recordCount)
            previous = encoded.header.headerCRC
        }
        return frames
    }

    /// The frames' bytes laid end to end.
    static func concatenate(_ frames: [EncodedFrame]) -> [UInt8] {
        frames.flatMap(\.bytes)
    }

    /// Byte offset of each frame in the concatenation.
    static func offsets(_ frames: [EncodedFrame]) -> [Int] {
        var offsets: [Int] = []
        var offset = 0
        for frame in frames {
            offsets.append(offset)
            offset += frame.bytes.count
        }
        return offsets
    }

    /// Scans `bytes` from previous CRC 0.
    static func scan(_ bytes: [UInt8], previousCRC: UInt32 = 0, expectedFirstLSN: UInt64? = nil) -> FrameScan {
        bytes.withUnsafeBytes { FrameDecoder.scan($0, previousCRC: previousCRC, expectedFirstLSN: expectedFirstLSN) }
    }

    /// Decodes the frame at the start of `bytes`.
    static func decode(
        _ bytes: [UInt8], expectedPreviousCRC: UInt32? = nil
    ) throws -> (header: FrameHeader, records: [FrameRecord], frameLength: Int) {
        try bytes.withUnsafeBytes { try FrameDecoder.decode($0, expectedPreviousCRC: expectedPreviousCRC) }
    }

    /// Overwrites the bytes at `offset` with `value` (little-endian) and, when `reseal`, recomputes the header CRC.
    static func patchHeader<T: FixedWidthInteger>(_ bytes: inout [UInt8], at offset: Int, _ value: T, reseal: Bool) {
        withUnsafeBytes(of: value.littleEndian) { patch in
            for (index, byte) in patch.enumerated() {
                bytes[offset + index] = byte
            }
        }
        if reseal {
            let crc = CRC32C.checksum(bytes[8..<FrameHeader.size])
            withUnsafeBytes(of: crc.littleEndian) { patch in
                for (index, byte) in patch.enumerated() {
                    bytes[4 + index] = byte
                }
            }
        }
    }
}
