/// The fixed-size header at the start of every segment file, written and synced before any frame goes in.
///
/// Byte layout, all integers little-endian, 64 bytes:
///
/// | offset | size | field              | notes                                                            |
/// |-------:|-----:|--------------------|------------------------------------------------------------------|
/// |      0 |    4 | `magic`            | `0x534B424E`: the bytes "NBKS" on disk                           |
/// |      4 |    4 | `headerCRC`        | CRC-32C of bytes 8..<64; checked before any field is trusted     |
/// |      8 |    2 | `formatVersion`    | currently 1                                                      |
/// |     10 |    2 | `flags`            | must be 0                                                        |
/// |     12 |    4 | `headerSize`       | 64: where the first frame starts                                 |
/// |     16 |    8 | `firstLSN`         | LSN of the segment's first record; also in the file name         |
/// |     24 |    8 | `epoch`            | writer's epoch when the segment was created                      |
/// |     32 |    8 | `createdMillis`    | writer's wall clock when the segment was created, Unix ms        |
/// |     40 |    4 | `previousFrameCRC` | `headerCRC` of the previous segment's last frame (0 for LSN 1)   |
/// |     44 |   20 | reserved           | must be 0                                                        |
///
/// The first frame's `previousFrameCRC` equals the header's, so the frame chain runs unbroken across files, and a
/// segment header vouches for the end of the segment before it.
public struct SegmentHeader: Sendable, Equatable {
    /// Encoded header size in bytes: the offset of the segment's first frame.
    public static let size = 64
    /// The magic number at offset 0 of every segment.
    public static let magicNumber: UInt32 = 0x534B_424E
    /// The format version this build writes and reads.
    public static let formatVersionCurrent: UInt16 = 1

    /// LSN of the segment's first record (the next LSN when the segment has no frames yet).
    public var firstLSN: UInt64
    /// Writer's epoch when the segment was created.
    public var epoch: UInt64
    /// Writer's wall clock when the segment was created, Unix milliseconds.
    public var createdMillis: Int64
    /// `headerCRC` of the last frame of the previous segment: the first frame's `previousFrameCRC`.
    public var previousFrameCRC: UInt32

    /// Creates a header.
    public init(firstLSN: UInt64, epoch: UInt64, createdMillis: Int64, previousFrameCRC: UInt32) {
        precondition(firstLSN >= 1, "LSNs start at 1")
        self.firstLSN = firstLSN
        self.epoch = epoch
        self.createdMillis = createdMillis
        self.previousFrameCRC = previousFrameCRC
    }

    /// The 64 header bytes, with the CRC computed.
    public var bytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.size)
        bytes.withUnsafeMutableBytes { buffer in
            buffer.storeBytes(of: Self.magicNumber.littleEndian, toByteOffset: 0, as: UInt32.self)
            buffer.storeBytes(of: Self.formatVersionCurrent.littleEndian, toByteOffset: 8, as: UInt16.self)
            buffer.storeBytes(of: UInt32(Self.size).littleEndian, toByteOffset: 12, as: UInt32.self)
            buffer.storeBytes(of: firstLSN.littleEndian, toByteOffset: 16, as: UInt64.self)
            buffer.storeBytes(of: epoch.littleEndian, toByteOffset: 24, as: UInt64.self)
            buffer.storeBytes(of: createdMillis.littleEndian, toByteOffset: 32, as: Int64.self)
            buffer.storeBytes(of: previousFrameCRC.littleEndian, toByteOffset: 40, as: UInt32.self)
            let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[8..<Self.size]))
            buffer.storeBytes(of: crc.littleEndian, toByteOffset: 4, as: UInt32.self)
        }
        return bytes
    }

    /// Decodes and validates the header at the start of `bytes`: length, magic, CRC, version, flags, header size and
    /// reserved bytes, in that order. Offsets in errors are relative to the start of `bytes`.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(WALFormatError) -> SegmentHeader {
        guard bytes.count >= size else {
            throw WALFormatError(.truncated, "\(bytes.count) bytes cannot hold a segment header", offset: 0)
        }
        func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        guard load(0, UInt32.self) == magicNumber else {
            throw WALFormatError(.badMagic, "segment magic is \(FrameDecoder.hex(load(0, UInt32.self)))", offset: 0)
        }
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[8..<size]))
        guard crc == load(4, UInt32.self) else {
            throw WALFormatError(
                .headerChecksum,
                "segment header CRC is \(FrameDecoder.hex(crc)), stored \(FrameDecoder.hex(load(4, UInt32.self)))",
                offset: 4)
        }
        guard load(8, UInt16.self) == formatVersionCurrent else {
            throw WALFormatError(.unsupportedVersion, "segment format version \(load(8, UInt16.self))", offset: 8)
        }
        guard load(10, UInt16.self) == 0, load(12, UInt32.self) == UInt32(size),
            bytes[44..<size].allSatisfy({ $0 == 0 })
        else {
            throw WALFormatError(.unsupportedFlags, "segment flags, header size or reserved bytes are set", offset: 10)
        }
        guard load(16, UInt64.self) >= 1 else {
            throw WALFormatError(.lengthOutOfRange, "segment first LSN is 0", offset: 16)
        }
        return SegmentHeader(
            firstLSN: load(16, UInt64.self), epoch: load(24, UInt64.self), createdMillis: load(32, Int64.self),
            previousFrameCRC: load(40, UInt32.self))
    }
}
