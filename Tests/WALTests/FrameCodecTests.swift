import Core
import Testing
import WAL

@Suite("Frame encoding and decoding")
struct FrameCodecTests {
    /// Encodes `records`, decodes them with some trailing bytes after the frame, and checks every field.
    func roundTrip(_ records: [[UInt8]], compression: Bool, seed: UInt64) throws -> FrameHeader {
        let encoded = FrameEncoder.encode(
            records: records, firstLSN: 1000, epoch: 3, timestampMillis: -5, previousFrameCRC: 0xDEAD_BEEF,
            compression: compression)
        let decoded = try FrameFixtures.decode(encoded.bytes + [1, 2, 3], expectedPreviousCRC: 0xDEAD_BEEF)
        #expect(decoded.header == encoded.header, "seed \(seed)")
        #expect(decoded.frameLength == encoded.bytes.count, "seed \(seed)")
        #expect(decoded.records.map(\.payload) == records, "seed \(seed)")
        #expect(decoded.records.map(\.lsn) == (0..<records.count).map { 1000 + UInt64($0) }, "seed \(seed)")
        #expect(encoded.header.epoch == 3 && encoded.header.timestampMillis == -5, "seed \(seed)")
        #expect(encoded.header.recordCount == UInt32(records.count), "seed \(seed)")
        return encoded.header
    }

    @Test("round trip with and without compression", arguments: [101, 102, 103] as [UInt64])
    func roundTrips(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let batches: [[[UInt8]]] = [
            [],
            [[]],
            [[], [], []],
            [[7]],
            (0..<1000).map { _ in rng.bytes(rng.int(20)) },
            (0..<5000).map { _ in rng.compressibleBytes(rng.int(60)) },
            [rng.compressibleBytes(3 << 20), rng.bytes(100_000)],
            [rng.bytes(1 << 20)],
        ]
        for records in batches {
            for compression in [false, true] {
                _ = try roundTrip(records, compression: compression, seed: seed)
            }
        }
    }

    @Test("compressible payloads are stored compressed, random ones raw", arguments: [111, 112] as [UInt64])
    func storageChoice(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let text = (0..<50).map { _ in rng.compressibleBytes(200) }
        let compressed = try roundTrip(text, compression: true, seed: seed)
        #expect(compressed.isCompressed && compressed.storedLength < compressed.rawLength, "seed \(seed)")
        let uncompressed = try roundTrip(text, compression: false, seed: seed)
        #expect(!uncompressed.isCompressed && uncompressed.storedLength == uncompressed.rawLength, "seed \(seed)")
        let random = try roundTrip((0..<50).map { _ in rng.bytes(200) }, compression: true, seed: seed)
        #expect(!random.isCompressed && random.storedLength == random.rawLength, "seed \(seed)")
    }

    @Test("every single-bit flip is detected", arguments: [false, true])
    func everyBitFlip(compression: Bool) throws {
        var rng = SplitMix64(seed: 121)
        let text = rng.compressibleBytes(60)
        let records = [text, text, rng.bytes(9)]
        let encoded = FrameEncoder.encode(
            records: records, firstLSN: 1, epoch: 1, timestampMillis: 0, previousFrameCRC: 0,
            compression: compression)
        #expect(encoded.header.isCompressed == compression)
        _ = try FrameFixtures.decode(encoded.bytes, expectedPreviousCRC: 0)
        for bit in 0..<(encoded.bytes.count * 8) {
            var flipped = encoded.bytes
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(throws: WALFormatError.self, "bit \(bit) of \(encoded.bytes.count * 8)") {
                try FrameFixtures.decode(flipped, expectedPreviousCRC: nil)
            }
        }
    }

    @Test("a corrupt length is rejected by the header CRC, and by the limits when resealed")
    func corruptLengths() throws {
        let encoded = FrameEncoder.encode(
            records: [[1, 2, 3]], firstLSN: 1, epoch: 1, timestampMillis: 0, previousFrameCRC: 0, compression: false)
        let cases: [(offset: Int, value: UInt32)] = [(40, .max), (44, .max), (12, .max), (40, 16 << 20 + 1)]
        for (offset, value) in cases {
            var corrupt = encoded.bytes
            FrameFixtures.patchHeader(&corrupt, at: offset, value, reseal: false)
            let unsealed = #expect(throws: WALFormatError.self) { try FrameFixtures.decode(corrupt) }
            #expect(unsealed?.code == .headerChecksum, "offset \(offset)")
            FrameFixtures.patchHeader(&corrupt, at: offset, value, reseal: true)
            let sealed = #expect(throws: WALFormatError.self) { try FrameFixtures.decode(corrupt) }
            #expect(sealed?.code == .lengthOutOfRange, "offset \(offset)")
        }
    }

    @Test("header checks: short input, magic, version, flags")
    func headerChecks() throws {
        let encoded = FrameEncoder.encode(
            records: [[1]], firstLSN: 1, epoch: 1, timestampMillis: 0, previousFrameCRC: 0, compression: false)
        let short = #expect(throws: WALFormatError.self) {
            try Array(encoded.bytes.prefix(FrameHeader.size - 1)).withUnsafeBytes {
                try FrameDecoder.decodeHeader($0)
            }
        }
        #expect(short?.code == .truncated)
        var badMagic = encoded.bytes
        badMagic[0] = 0
        #expect((#expect(throws: WALFormatError.self) { try FrameFixtures.decode(badMagic) })?.code == .badMagic)
        var version = encoded.bytes
        FrameFixtures.patchHeader(&version, at: 8, UInt16(2), reseal: true)
        #expect(
            (#expect(throws: WALFormatError.self) { try FrameFixtures.decode(version) })?.code == .unsupportedVersion)
        var flags = encoded.bytes
        FrameFixtures.patchHeader(&flags, at: 10, UInt16(4), reseal: true)
        #expect((#expect(throws: WALFormatError.self) { try FrameFixtures.decode(flags) })?.code == .unsupportedFlags)
        #expect(Array(encoded.bytes[0..<4]) == Array("NBKF".utf8))
        #expect(encoded.header.bytes == Array(encoded.bytes[0..<FrameHeader.size]))
    }

    @Test("record prefixes must exactly fill the payload")
    func recordFraming() throws {
        // Two records declared, but the payload holds one record and three stray bytes.
        let payload: [UInt8] = [2, 0, 0, 0, 0xAA, 0xBB, 9, 9, 9]
        let header = FrameHeader(
            flags: 0, recordCount: 2, epoch: 1, firstLSN: 1, timestampMillis: 0, rawLength: UInt32(payload.count),
            storedLength: UInt32(payload.count), previousFrameCRC: 0, payloadCRC: CRC32C.checksum(payload))
        let error = #expect(throws: WALFormatError.self) { try FrameFixtures.decode(header.bytes + payload) }
        #expect(error?.code == .recordFraming)
        let oneRecord = FrameHeader(
            flags: 0, recordCount: 1, epoch: 1, firstLSN: 1, timestampMillis: 0, rawLength: UInt32(payload.count),
            storedLength: UInt32(payload.count), previousFrameCRC: 0, payloadCRC: CRC32C.checksum(payload))
        let trailing = #expect(throws: WALFormatError.self) { try FrameFixtures.decode(oneRecord.bytes + payload) }
        #expect(trailing?.code == .recordFraming)
    }

    @Test("a truncated frame and a wrong chain value are rejected")
    func truncationAndChain() throws {
        let encoded = FrameEncoder.encode(
            records: [[1, 2, 3, 4]], firstLSN: 1, epoch: 1, timestampMillis: 0, previousFrameCRC: 77,
            compression: false)
        let short = #expect(throws: WALFormatError.self) { try FrameFixtures.decode(encoded.bytes.dropLast()) }
        #expect(short?.code == .truncated)
        let chain = #expect(throws: WALFormatError.self) {
            try FrameFixtures.decode(encoded.bytes, expectedPreviousCRC: 78)
        }
        #expect(chain?.code == .chainBroken)
        #expect(try FrameFixtures.decode(encoded.bytes, expectedPreviousCRC: 77).records.count == 1)
    }
}
