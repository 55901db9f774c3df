import Core
import WAL

/// The on-disk form of a snapshot: a checksummed header, then the LZ4-compressed (or raw) state.
///
/// Layout (little-endian, 48-byte header):
/// `magic "NBSN" | headerCRC (CRC32C of bytes 8..<48) | version u16 | flags u16 (bit 0 = LZ4) | reserved u32 |
///  lsn u64 | timestampMillis i64 | rawLength u64 | storedLength u32 | payloadCRC u32`, then `storedLength` bytes.
enum SnapshotFile {
    static let magic: UInt32 = 0x4E53_424E  // "NBSN" on disk
    static let headerSize = 48
    static let version: UInt16 = 1
    static let rawLengthMax: UInt64 = 8 << 30

    struct Header: Equatable {
        var compressed: Bool
        var lsn: UInt64
        var timestampMillis: Int64
        var rawLength: UInt64
        var storedLength: UInt32
        var payloadCRC: UInt32
    }

    /// Encodes a state covering everything up to `lsn`.
    static func encode(_ state: EngineState, timestampMillis: Int64) -> [UInt8] {
        let raw = SnapshotCodec.encode(state)
        let compressed = raw.count < Int(Int32.max) ? LZ4Block.compress(raw) : nil
        let stored = compressed ?? raw
        precondition(stored.count <= Int(UInt32.max), "snapshot too large")
        let header = Header(
            compressed: compressed != nil,
            lsn: state.appliedLSN,
            timestampMillis: timestampMillis,
            rawLength: UInt64(raw.count),
            storedLength: UInt32(stored.count),
            payloadCRC: CRC32C.checksum(stored)
        )
        return headerBytes(header) + stored
    }

    static func headerBytes(_ header: Header) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: headerSize)
        put(magic, at: 0, in: &bytes)
        put(version, at: 8, in: &bytes)
        put(UInt16(header.compressed ? 1 : 0), at: 10, in: &bytes)
        put(header.lsn, at: 16, in: &bytes)
        put(UInt64(bitPattern: header.timestampMillis), at: 24, in: &bytes)
        put(header.rawLength, at: 32, in: &bytes)
        put(header.storedLength, at: 40, in: &bytes)
        put(header.payloadCRC, at: 44, in: &bytes)
        put(CRC32C.checksum(bytes[8...]), at: 4, in: &bytes)
        return bytes
    }

    /// Reads and checks the header (its CRC first, so no corrupt length is trusted).
    static func header(of bytes: [UInt8]) -> Header? {
        guard bytes.count >= headerSize, get(UInt32.self, at: 0, in: bytes) == magic,
            get(UInt32.self, at: 4, in: bytes) == CRC32C.checksum(bytes[8..<headerSize]),
            get(UInt16.self, at: 8, in: bytes) == version
        else { return nil }
        let flags = get(UInt16.self, at: 10, in: bytes)
        let header = Header(
            compressed: flags & 1 != 0,
            lsn: get(UInt64.self, at: 16, in: bytes),
            timestampMillis: Int64(bitPattern: get(UInt64.self, at: 24, in: bytes)),
            rawLength: get(UInt64.self, at: 32, in: bytes),
            storedLength: get(UInt32.self, at: 40, in: bytes),
            payloadCRC: get(UInt32.self, at: 44, in: bytes)
        )
        guard flags & ~1 == 0, header.rawLength <= rawLengthMax else { return nil }
        return header
    }

    /// Decodes a whole snapshot file, checking every checksum; nil with the reason when anything is off.
    static func decode(_ bytes: [UInt8]) -> Result<EngineState, SnapshotError> {
        guard let header = header(of: bytes) else { return .failure(SnapshotError("bad snapshot header")) }
        guard bytes.count == headerSize + Int(header.storedLength) else {
            return .failure(SnapshotError("snapshot length does not match its header"))
        }
        let stored = Array(bytes[headerSize...])
        guard CRC32C.checksum(stored) == header.payloadCRC else {
            return .failure(SnapshotError("snapshot payload checksum mismatch"))
        }
        let raw: [UInt8]
        if header.compressed {
            do {
                raw = try LZ4Block.decompress(stored, rawLength: Int(header.rawLength))
            } catch {
                return .failure(SnapshotError("snapshot does not decompress: \(error)"))
            }
        } else {
            raw = stored
        }
        do {
            let state = try SnapshotCodec.decode(raw)
            guard state.appliedLSN == header.lsn else { return .failure(SnapshotError("snapshot LSN mismatch")) }
            return .success(state)
        } catch {
            return .failure(SnapshotError("snapshot does not decode: \(error)"))
        }
    }

    private static func put<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
        LittleEndian.put(value, at: offset, in: &bytes)
    }

    private static func get<T: FixedWidthInteger>(_ type: T.Type, at offset: Int, in bytes: [UInt8]) -> T {
        LittleEndian.get(type, at: offset, in: bytes)
    }
}

/// Why a snapshot could not be used.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
