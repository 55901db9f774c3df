import Testing
import WAL

@Suite("Segment header and names")
struct SegmentHeaderTests {
    @Test("round trip and layout")
    func roundTrip() throws {
        let header = SegmentHeader(firstLSN: 12_345, epoch: 7, createdMillis: -3, previousFrameCRC: 0xDEAD_BEEF)
        let bytes = header.bytes
        #expect(bytes.count == SegmentHeader.size && Array(bytes[0..<4]) == Array("NBKS".utf8))
        #expect(try bytes.withUnsafeBytes { try SegmentHeader.decode($0) } == header)
        #expect(
            CRC32C.checksum(bytes[8...])
                == bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self) })
    }

    @Test("every bit flip and every truncation is detected")
    func damage() {
        let bytes = SegmentHeader(firstLSN: 1, epoch: 0, createdMillis: 0, previousFrameCRC: 0).bytes
        for bit in 0..<(bytes.count * 8) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(throws: WALFormatError.self, "bit \(bit)") {
                try flipped.withUnsafeBytes { try SegmentHeader.decode($0) }
            }
        }
        for length in 0..<bytes.count {
            let error = #expect(throws: WALFormatError.self) {
                try Array(bytes.prefix(length)).withUnsafeBytes { try SegmentHeader.decode($0) }
            }
            #expect(error?.code == .truncated)
        }
    }

    @Test("names carry the first LSN in 20 digits and parse back exactly")
    func names() {
        #expect(SegmentName.fileName(firstLSN: 1) == "wal-00000000000000000001.seg")
        #expect(SegmentName.fileName(firstLSN: .max) == "wal-18446744073709551615.seg")
        for lsn: UInt64 in [1, 9, 10, 65_536, 1 << 40, .max] {
            #expect(SegmentName.firstLSN(of: SegmentName.fileName(firstLSN: lsn)) == lsn)
        }
        for name in [
            "wal-1.seg", "wal-00000000000000000001.seg.tmp", "wal-00000000000000000001.seg.broken",
            "wal-0000000000000000000x.seg", "wal-99999999999999999999.seg", "xal-00000000000000000001.seg",
            "wal-+0000000000000000001.seg",
        ] {
            #expect(SegmentName.firstLSN(of: name) == nil, "\(name)")
        }
    }
}
