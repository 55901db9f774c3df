import Core
import Testing
import WAL

@Suite("CRC32C")
struct CRC32CTests {
    /// Bit-at-a-time reference, independent of the table code.
    static func reference(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        var crc = ~seed
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
            }
        }
        return ~crc
    }

    @Test("known vectors")
    func vectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }

    @Test("non-contiguous collections give the same checksum")
    func nonContiguous() {
        let bytes = Array("123456789".utf8)
        #expect(CRC32C.checksum(bytes.lazy.map { $0 }) == 0xE306_9283)
        #expect(CRC32C.checksum(bytes[2...]) == CRC32C.checksum(Array(bytes[2...])))
    }

    @Test("slicing-by-8 matches the bitwise reference", arguments: [1, 2, 3, 4] as [UInt64])
    func matchesReference(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let length = rng.int(5001)
            let alignment = rng.int(8)
            let storage = rng.bytes(length + 8)
            storage.withUnsafeBytes { all in
                let window = UnsafeRawBufferPointer(rebasing: all[alignment..<(alignment + length)])
                let seedCRC = UInt32(truncatingIfNeeded: rng.next())
                #expect(
                    CRC32C.checksum(window) == Self.reference(window),
                    "seed \(seed) length \(length) alignment \(alignment)")
                #expect(
                    CRC32C.checksum(window, seed: seedCRC) == Self.reference(window, seed: seedCRC),
                    "seed \(seed) length \(length) alignment \(alignment)")
            }
        }
    }

    @Test("continuing from a seed equals checksumming the concatenation", arguments: [5, 6, 7] as [UInt64])
    func incremental(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let bytes = rng.bytes(rng.int(3000))
            let split = rng.int(bytes.count + 1)
            let whole = CRC32C.checksum(bytes)
            let first = bytes[..<split].withUnsafeBytes { CRC32C.checksum($0) }
            let both = bytes[split...].withUnsafeBytes { CRC32C.checksum($0, seed: first) }
            #expect(both == whole, "seed \(seed) length \(bytes.count) split \(split)")
        }
    }
}
