/// The fixed-size header in front of every write-ahead-log frame (one group-commit batch of records).
///
/// Byte layout, all integers little-endian, 56 bytes; every 8-byte field is 8-byte aligned within the frame:
///
/// | offset | size | field              | notes                                                         |
/// |-------:|-----:|--------------------|---------------------------------------------------------------|
/// |      0 |    4 | `magic`            | `0x464B424E`: the bytes "NBKF" on disk                        |
/// |      4 |    4 | `headerCRC`        | CRC-32C of bytes 8..<56; checked before any field is trusted  |
/// |      8 |    2 | `formatVersion`    | currently 1                                                   |
/// |     10 |    2 | `flags`            | bit 0: payload is an LZ4 block; other bits must be 0          |
/// |     12 |    4 | `recordCount`      | at most `recordCountMax`                                      |
/// |     16 |    8 | `epoch`            | writer's epoch (term) when the frame was written              |
/// |     24 |    8 | `firstLSN`         | LSN of record 0; record i has LSN `firstLSN + i`              |
/// |     32 |    8 | `timestampMillis`  | writer's wall clock, Unix milliseconds (point-in-time restore)|
/// |     40 |    4 | `rawLength`        | payload length after decompression, at most `rawLengthMax`    |
/// |     44 |    4 | `storedLength`     | payload bytes following the header                            |
/// |     48 |    4 | `previousFrameCRC` | `headerCRC` of the previous frame (the chain)                 |
/// |     52 |    4 | `payloadCRC`       | CRC-32C of the `storedLength` stored payload bytes            |
///
/// The chain links header CRCs because a header CRC covers the payload CRC, so each frame vouches for the whole of
/// the frame before it. The magic and the header-CRC field stay at offsets 0 and 4 in every format version.
public struct FrameHeader: Sendable, Equatable {
    /// Encoded header size in bytes.
    public static let size = 56
    /// The magic number at offset 0 of every frame.
    public static let magicNumber: UInt32 = 0x464B_424E
    /// The format version this build writes and reads.
    public static let formatVersionCurrent: UInt16 = 1
    /// Flag bit set when the stored payload is an LZ4 block.
    public static let flagCompressedLZ4: UInt16 = 1
    /// All flag bits this build understands; any other bit makes the frame unreadable.
    public static let flagsKnown: UInt16 = flagCompressedLZ4
    /// Largest raw (uncompressed) payload of a frame, in bytes: 16 MiB.
    public static let rawLengthMax = 16 * 1024 * 1024
    /// Largest number of records in a frame.
    public static let recordCountMax = 65_536
    /// Bytes of length prefix in front of each record in the raw payload.
    public static let recordPrefixSize = 4

    /// Always `magicNumber` for a header that decoded.
    public var magic: UInt32
    /// CRC-32C of header bytes 8..<56 as stored.
    public var headerCRC: UInt32
    /// Format version the frame was written with.
    public var formatVersion: UInt16
    /// Flag bits; see `flagCompressedLZ4`.
    public var flags: UInt16
    /// Number of records in the payload.
    public var recordCount: UInt32
    /// Writer's epoch when the frame was written.
    public var epoch: UInt64
    /// LSN of the frame's first record.
    public var firstLSN: UInt64
    /// Writer's wall clock when the frame was written, Unix milliseconds.
    public var timestampMillis: Int64
    /// Payload length after decompression.
    public var rawLength: UInt32
    /// Payload length as stored after the header.
    public var storedLength: UInt32
    /// `headerCRC` of the frame before this one.
    public var previousFrameCRC: UInt32
    /// CRC-32C of the stored payload bytes.
    public var payloadCRC: UInt32

    /// Creates a current-version header and computes its `headerCRC`.
    public init(
        flags: UInt16, recordCount: UInt32, epoch: UInt64, firstLSN: UInt64, timestampMillis: Int64,
        rawLength: UInt32, storedLength: UInt32, previousFrameCRC: UInt32, payloadCRC: UInt32
    ) {
        self.init(
            magic: Self.magicNumber, headerCRC: 0, formatVersion: Self.formatVersionCurrent, flags: flags,
            recordCount: recordCount, epoch: epoch, firstLSN: firstLSN, timestampMillis: timestampMillis,
            rawLength: rawLength, storedLength: storedLength, previousFrameCRC: previousFrameCRC,
            payloadCRC: payloadCRC)
        self.headerCRC = computedHeaderCRC()
    }

    /// Sets every field as given, computing nothing.
    private init(
        magic: UInt32, headerCRC: UInt32, formatVersion: UInt16, flags: UInt16, recordCount: UInt32, epoch: UInt64,
        firstLSN: UInt64, timestampMillis: Int64, rawLength: UInt32, storedLength: UInt32, previousFrameCRC: UInt32,
        payloadCRC: UInt32
    ) {
        self.magic = magic
        self.headerCRC = headerCRC
        self.formatVersion = formatVersion
        self.flags = flags
        self.recordCount = recordCount
        self.epoch = epoch
        self.firstLSN = firstLSN
        self.timestampMillis = timestampMillis
        self.rawLength = rawLength
        self.storedLength = storedLength
        self.previousFrameCRC = previousFrameCRC
        self.payloadCRC = payloadCRC
    }

    /// Whether the stored payload is an LZ4 block.
    public var isCompressed: Bool {
        flags & Self.flagCompressedLZ4 != 0
    }

    /// Header plus stored payload: the distance from this frame's start to the next frame's.
    public var frameLength: Int {
        Self.size + Int(storedLength)
    }

    /// The LSN the next frame's first record should have (saturating; the decoder rejects overflowing headers).
    public var nextLSN: UInt64 {
        let (sum, overflow) = firstLSN.addingReportingOverflow(UInt64(recordCount))
        return overflow ? UInt64.max : sum
    }

    /// The header's bytes, exactly as stored (including whatever `headerCRC` holds).
    public var bytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.size) { buffer, initializedCount in
            write(to: UnsafeMutableRawBufferPointer(buffer))
            initializedCount = Self.size
        }
    }

    /// CRC-32C of the header's bytes 8..<56 as they would be stored now.
    public func computedHeaderCRC() -> UInt32 {
        withUnsafeTemporaryAllocation(byteCount: Self.size, alignment: 8) { buffer in
            write(to: buffer)
            return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[8..<Self.size]))
        }
    }

    /// Writes the 56 header bytes to the start of `buffer`.
    func write(to buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= Self.size, "header buffer too small")
        buffer.storeBytes(of: magic.littleEndian, toByteOffset: 0, as: UInt32.self)
        buffer.storeBytes(of: headerCRC.littleEndian, toByteOffset: 4, as: UInt32.self)
        buffer.storeBytes(of: formatVersion.littleEndian, toByteOffset: 8, as: UInt16.self)
        buffer.storeBytes(of: flags.littleEndian, toByteOffset: 10, as: UInt16.self)
        buffer.storeBytes(of: recordCount.littleEndian, toByteOffset: 12, as: UInt32.self)
        buffer.storeBytes(of: epoch.littleEndian, toByteOffset: 16, as: UInt64.self)
        buffer.storeBytes(of: firstLSN.littleEndian, toByteOffset: 24, as: UInt64.self)
        buffer.storeBytes(of: timestampMillis.littleEndian, toByteOffset: 32, as: Int64.self)
        buffer.storeBytes(of: rawLength.littleEndian, toByteOffset: 40, as: UInt32.self)
        buffer.storeBytes(of: storedLength.littleEndian, toByteOffset: 44, as: UInt32.self)
        buffer.storeBytes(of: previousFrameCRC.littleEndian, toByteOffset: 48, as: UInt32.self)
        buffer.storeBytes(of: payloadCRC.littleEndian, toByteOffset: 52, as: UInt32.self)
    }

    /// Reads the 56 header bytes at the start of `buffer` without validating anything.
    static func read(from buffer: UnsafeRawBufferPointer) -> FrameHeader {
        precondition(buffer.count >= size, "header buffer too small")
        return FrameHeader(
            magic: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 0, as: UInt32.self)),
            headerCRC: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4, as: UInt32.self)),
            formatVersion: UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: 8, as: UInt16.self)),
            flags: UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: 10, as: UInt16.self)),
            recordCount: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 12, as: UInt32.self)),
            epoch: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            firstLSN: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
            timestampMillis: Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: 32, as: Int64.self)),
            rawLength: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 40, as: UInt32.self)),
            storedLength: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 44, as: UInt32.self)),
            previousFrameCRC: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 48, as: UInt32.self)),
            payloadCRC: UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: 52, as: UInt32.self)))
    }
}
