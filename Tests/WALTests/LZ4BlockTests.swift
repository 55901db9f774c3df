import Core
import Testing
import WAL

@Suite("LZ4Block")
struct LZ4BlockTests {
    @Test("compressible data round-trips and shrinks", arguments: [11, 12, 13] as [UInt64])
    func compressibleRoundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for length in [64, 1000, 65_536, 1 << 20] {
            let input = rng.compressibleBytes(length)
            let compressed = try #require(LZ4Block.compress(input), "seed \(seed) length \(length)")
            #expect(compressed.count < input.count, "seed \(seed) length \(length)")
            #expect(try LZ4Block.decompress(compressed, rawLength: input.count) == input, "seed \(seed)")
        }
    }

    @Test("incompressible and tiny inputs are not compressed", arguments: [21, 22] as [UInt64])
    func incompressible(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        #expect(LZ4Block.compress([]) == nil)
        #expect(LZ4Block.compress([42]) == nil)
        for length in [2, 16, 4096, 100_000] {
            #expect(LZ4Block.compress(rng.bytes(length)) == nil, "seed \(seed) length \(length)")
        }
    }

    @Test("random garbage never crashes and rarely decodes", arguments: [31, 32, 33] as [UInt64])
    func garbage(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var thrown = 0
        let trials = 2000
        for _ in 0..<trials {
            let garbage = rng.bytes(rng.int(300))
            let rawLength = rng.int(70_000)
            do {
                let output = try LZ4Block.decompress(garbage, rawLength: rawLength)
                #expect(output.count == rawLength, "seed \(seed)")
            } catch {
                thrown += 1
            }
        }
        #expect(thrown >= trials * 99 / 100, "seed \(seed): only \(thrown) of \(trials) threw")
    }

    @Test("truncated blocks and wrong raw lengths throw", arguments: [41, 42] as [UInt64])
    func truncated(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let input = rng.compressibleBytes(3000)
        let compressed = try #require(LZ4Block.compress(input))
        for length in 0..<compressed.count {
            #expect(throws: WALFormatError.self, "seed \(seed) cut at \(length)") {
                try LZ4Block.decompress(Array(compressed[..<length]), rawLength: input.count)
            }
        }
        for rawLength in [0, input.count - 1, input.count + 1] {
            #expect(throws: WALFormatError.self, "seed \(seed) raw length \(rawLength)") {
                try LZ4Block.decompress(compressed, rawLength: rawLength)
            }
        }
    }

    /// A flip in a literal byte still decodes (to different bytes): that is what the frame's payload CRC is for.
    /// Here every flip must either throw or produce exactly `rawLength` bytes, and never crash.
    @Test("bit-flipped blocks never crash", arguments: [51, 52] as [UInt64])
    func bitFlips(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let input = rng.compressibleBytes(600) + rng.bytes(40) + rng.compressibleBytes(600)
        let compressed = try #require(LZ4Block.compress(input))
        var thrown = 0
        for bit in 0..<(compressed.count * 8) {
            var flipped = compressed
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            do {
                let output = try LZ4Block.decompress(flipped, rawLength: input.count)
                #expect(output.count == input.count, "seed \(seed) bit \(bit)")
            } catch {
                thrown += 1
            }
        }
        #expect(thrown > 0, "seed \(seed)")
    }
}
