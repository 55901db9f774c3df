import Core
import WAL

/// The on-disk form of an archive file: a checksummed header, then the LZ4-compressed (or raw) content
/// (``ArchiveFormatV1``).
///
/// Layout (little-endian, 40-byte header): `magic "NBAR" | headerCRC (CRC32C of bytes 8..<40) | version u16 |
/// flags u16 (bit 0 = LZ4) | bookings u32 | contentDigest u64 | rawLength u32 | storedLength u32 | payloadCRC u32 |
/// reserved u32`, then `storedLength` bytes.
enum ArchiveFile {
    static let magic: UInt32 = 0x5241_424E  // "NBAR" on disk
    static let headerSize = 40
    static let version: UInt16 = 1

    /// The file for a batch's content.
    static func encode(_ content: [UInt8], batch: ArchiveBatch) -> [UInt8] {
        precondition(content.count < Int(UInt32.max), "archive content too large")
        let compressed = LZ4Block.compress(content)
        let stored = compressed ?? content
        var header = [UInt8](repeating: 0, count: headerSize)
        LittleEndian.put(magic, at: 0, in: &header)
        LittleEndian.put(version, at: 8, in: &header)
        LittleEndian.put(UInt16(compressed != nil ? 1 : 0), at: 10, in: &header)
        LittleEndian.put(UInt32(batch.bookingIDs.count), at: 12, in: &header)
        LittleEndian.put(batch.contentDigest, at: 16, in: &header)
        LittleEndian.put(UInt32(content.count), at: 24, in: &header)
        LittleEndian.put(UInt32(stored.count), at: 28, in: &header)
        LittleEndian.put(CRC32C.checksum(stored), at: 32, in: &header)
        LittleEndian.put(CRC32C.checksum(header[8...]), at: 4, in: &header)
        return header + stored
    }

    /// The content of a file, every checksum and the digest checked; `expected` is the digest the log recorded.
    static func content(of bytes: [UInt8], expected digest: UInt64) -> Result<[UInt8], ArchiveError> {
        guard bytes.count >= headerSize, LittleEndian.get(UInt32.self, at: 0, in: bytes) == magic,
            LittleEndian.get(UInt32.self, at: 4, in: bytes) == CRC32C.checksum(bytes[8..<headerSize]),
            LittleEndian.get(UInt16.self, at: 8, in: bytes) == version
        else { return .failure(ArchiveError("bad archive header")) }
        let flags = LittleEndian.get(UInt16.self, at: 10, in: bytes)
        let rawLength = Int(LittleEndian.get(UInt32.self, at: 24, in: bytes))
        let storedLength = Int(LittleEndian.get(UInt32.self, at: 28, in: bytes))
        guard flags & ~1 == 0, bytes.count == headerSize + storedLength else {
            return .failure(ArchiveError("archive length does not match its header"))
        }
        guard LittleEndian.get(UInt64.self, at: 16, in: bytes) == digest else {
            return .failure(ArchiveError("archive holds another batch (digest differs from the log's)"))
        }
        let stored = Array(bytes[headerSize...])
        guard CRC32C.checksum(stored) == LittleEndian.get(UInt32.self, at: 32, in: bytes) else {
            return .failure(ArchiveError("archive payload checksum mismatch"))
        }
        let content: [UInt8]
        if flags & 1 != 0 {
            do {
                content = try LZ4Block.decompress(stored, rawLength: rawLength)
            } catch {
                return .failure(ArchiveError("archive does not decompress: \(error)"))
            }
        } else {
            content = stored
        }
        guard ArchiveFormatV1.digest(content) == digest else {
            return .failure(ArchiveError("archive content digest mismatch"))
        }
        return .success(content)
    }
}

/// Why an archive file cannot be used.
public struct ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
