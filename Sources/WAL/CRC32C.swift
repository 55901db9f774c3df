/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), computed in software with slicing-by-8.
///
/// The same checksum as iSCSI, ext4 and SSE4.2's `crc32` instruction, so stored values can be checked by other tools.
/// `seed` continues a previous checksum: `checksum(b, seed: checksum(a)) == checksum(a + b)`.
public enum CRC32C {
    /// The reflected Castagnoli polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Eight 256-entry tables laid end to end: table k maps a byte that is k bytes further from the end of an
    /// 8-byte block. Computed once, on first use.
    static let tables: [UInt32] = makeTables()

    /// The CRC-32C of `bytes`, continuing from `seed` (the checksum of the bytes before them, 0 to start).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        tables.withUnsafeBufferPointer { table in
            precondition(table.count == 8 * 256, "CRC32C tables are malformed")
            var crc = ~seed
            var index = 0
            let count = bytes.count
            while count - index >= 8 {
                let low = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self)) ^ crc
                let high = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self))
                crc =
                    table[7 &* 256 &+ Int(low & 0xFF)] ^ table[6 &* 256 &+ Int((low >> 8) & 0xFF)]
                    ^ table[5 &* 256 &+ Int((low >> 16) & 0xFF)] ^ table[4 &* 256 &+ Int(low >> 24)]
                    ^ table[3 &* 256 &+ Int(high & 0xFF)] ^ table[2 &* 256 &+ Int((high >> 8) & 0xFF)]
                    ^ table[1 &* 256 &+ Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                index &+= 8
            }
            while index < count {
                crc = table[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index &+= 1
            }
            return ~crc
        }
    }

    /// The CRC-32C of a byte collection (contiguous storage is read in place, anything else is copied first).
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        let direct = bytes.withContiguousStorageIfAvailable { buffer in
            checksum(UnsafeRawBufferPointer(buffer))
        }
        if let direct {
            return direct
        }
        return Array(bytes).withUnsafeBytes { checksum($0) }
    }

    /// Builds the slicing-by-8 tables from the bytewise table.
    private static func makeTables() -> [UInt32] {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ polynomial : crc >> 1
            }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }
}
