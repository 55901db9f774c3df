import Core
import Testing
import WAL

@Suite("Frame scanning")
struct FrameScanTests {
    @Test("an intact log scans clean", arguments: [201, 202] as [UInt64])
    func clean(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let frames = FrameFixtures.chain(frameCount: 12, rng: &rng, previousCRC: 5)
        let scan = FrameFixtures.scan(FrameFixtures.concatenate(frames), previousCRC: 5, expectedFirstLSN: 1)
        #expect(scan.end == .clean, "seed \(seed)")
        #expect(scan.frames.map(\.header) == frames.map(\.header), "seed \(seed)")
        #expect(scan.frames.map(\.offset) == FrameFixtures.offsets(frames), "seed \(seed)")
        #expect(scan.frames.flatMap { $0.records.map(\.payload) } == frames.flatMap(\.records), "seed \(seed)")
        #expect(scan.validLength == FrameFixtures.concatenate(frames).count, "seed \(seed)")
        #expect(scan.lastFrameCRC == frames.last?.header.headerCRC, "seed \(seed)")
        let empty = FrameFixtures.scan([], previousCRC: 5)
        #expect(empty.end == .clean && empty.frames.isEmpty && empty.lastFrameCRC == 5)
    }

    /// Six frames end with a raw (random) frame, seven with an LZ4-compressed one.
    @Test("truncating the last frame anywhere is a torn tail", arguments: [211, 212] as [UInt64], [6, 7])
    func truncatedTail(seed: UInt64, frameCount: Int) {
        var rng = SplitMix64(seed: seed)
        let frames = FrameFixtures.chain(frameCount: frameCount, rng: &rng, recordLengthMax: 80)
        #expect(frames.last?.header.isCompressed == (frameCount % 2 == 1), "seed \(seed)")
        let bytes = FrameFixtures.concatenate(frames)
        let lastOffset = FrameFixtures.offsets(frames).last ?? 0
        for length in lastOffset..<bytes.count {
            let scan = FrameFixtures.scan(Array(bytes[..<length]))
            let expected: FrameScan.End = length == lastOffset ? .clean : .tornTail(offset: lastOffset)
            #expect(scan.end == expected, "seed \(seed) length \(length)")
            #expect(scan.frames.map(\.header) == frames.dropLast().map(\.header), "seed \(seed) length \(length)")
            #expect(scan.validLength == lastOffset, "seed \(seed) length \(length)")
        }
    }

    @Test("zeroed bytes after the last frame are a torn tail")
    func zeroedTail() {
        var rng = SplitMix64(seed: 221)
        let frames = FrameFixtures.chain(frameCount: 3, rng: &rng)
        let bytes = FrameFixtures.concatenate(frames)
        let scan = FrameFixtures.scan(bytes + [UInt8](repeating: 0, count: 4096))
        #expect(scan.end == .tornTail(offset: bytes.count))
        #expect(scan.frames.count == 3)
    }

    @Test("a zeroed 512-byte region in the middle is corruption", arguments: [231, 232, 233, 234] as [UInt64])
    func zeroedMiddle(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let frames = FrameFixtures.chain(frameCount: 40, rng: &rng)
        var bytes = FrameFixtures.concatenate(frames)
        let offsets = FrameFixtures.offsets(frames)
        let start = rng.int(bytes.count / 2)
        #expect(start + 512 < offsets[offsets.count - 2], "seed \(seed): region must end before the last frames")
        for index in start..<(start + 512) {
            bytes[index] = 0
        }
        let damaged = try #require(offsets.lastIndex { $0 <= start })
        let scan = FrameFixtures.scan(bytes)
        guard case .corruption(let offset, let error) = scan.end else {
            Issue.record("seed \(seed) start \(start): expected corruption, got \(scan.end)")
            return
        }
        #expect(offset == offsets[damaged], "seed \(seed) start \(start)")
        #expect(error.offset != nil, "seed \(seed)")
        #expect(scan.frames.count == damaged, "seed \(seed) start \(start)")
        #expect(scan.validLength == offsets[damaged], "seed \(seed) start \(start)")
    }

    @Test("every bit flip in a middle frame is corruption, in the last frame a torn tail")
    func bitFlips() {
        var rng = SplitMix64(seed: 241)
        let frames = FrameFixtures.chain(frameCount: 4, rng: &rng, recordsMax: 3, recordLengthMax: 20)
        let bytes = FrameFixtures.concatenate(frames)
        let offsets = FrameFixtures.offsets(frames)
        for (target, expectCorruption) in [(1, true), (3, false)] {
            for bit in 0..<(frames[target].bytes.count * 8) {
                var flipped = bytes
                flipped[offsets[target] + bit / 8] ^= 1 << UInt8(bit % 8)
                let scan = FrameFixtures.scan(flipped)
                #expect(scan.frames.count == target, "frame \(target) bit \(bit)")
                switch scan.end {
                case .corruption(let offset, _):
                    #expect(expectCorruption && offset == offsets[target], "frame \(target) bit \(bit)")
                case .tornTail(let offset):
                    #expect(!expectCorruption && offset == offsets[target], "frame \(target) bit \(bit)")
                case .clean:
                    Issue.record("frame \(target) bit \(bit): flip not detected")
                }
            }
        }
    }

    @Test("a missing or reordered frame breaks the chain", arguments: [251, 252] as [UInt64])
    func chain(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let frames = FrameFixtures.chain(frameCount: 6, rng: &rng)
        let offsets = FrameFixtures.offsets(frames)
        let layouts: [(name: String, order: [Int])] = [
            ("missing middle", [0, 1, 3, 4, 5]),
            ("missing before last", [0, 1, 2, 3, 5]),
            ("swapped", [0, 1, 3, 2, 4, 5]),
            ("swapped last two", [0, 1, 2, 3, 5, 4]),
        ]
        for (name, order) in layouts {
            let scan = FrameFixtures.scan(FrameFixtures.concatenate(order.map { frames[$0] }))
            let firstBad = order.indices.first { order[$0] != $0 } ?? order.count
            guard case .corruption(let offset, let error) = scan.end else {
                Issue.record("seed \(seed) \(name): expected corruption, got \(scan.end)")
                continue
            }
            #expect(offset == offsets[firstBad], "seed \(seed) \(name)")
            #expect(error.code == .chainBroken, "seed \(seed) \(name)")
            #expect(scan.frames.count == firstBad, "seed \(seed) \(name)")
        }
    }

    @Test("a chained frame with an LSN gap is corruption")
    func lsnGap() {
        let first = FrameEncoder.encode(
            records: [[1], [2]], firstLSN: 10, epoch: 1, timestampMillis: 0, previousFrameCRC: 0, compression: false)
        let second = FrameEncoder.encode(
            records: [[3]], firstLSN: 13, epoch: 1, timestampMillis: 0, previousFrameCRC: first.header.headerCRC,
            compression: false)
        let scan = FrameFixtures.scan(first.bytes + second.bytes)
        #expect(scan.frames.count == 1)
        guard case .corruption(let offset, let error) = scan.end else {
            Issue.record("expected corruption, got \(scan.end)")
            return
        }
        #expect(offset == first.bytes.count && error.code == .chainBroken)
        let wrongStart = FrameFixtures.scan(first.bytes, expectedFirstLSN: 11)
        #expect(wrongStart.frames.isEmpty)
        #expect(wrongStart.end != .clean)
    }

    @Test("stale frames from an earlier use of the file are a torn tail")
    func staleTail() {
        var rng = SplitMix64(seed: 261)
        let old = FrameFixtures.chain(frameCount: 8, rng: &rng, firstLSN: 1, previousCRC: 99)
        let new = FrameFixtures.chain(frameCount: 3, rng: &rng, firstLSN: 500, previousCRC: 1234)
        let newBytes = FrameFixtures.concatenate(new)
        let recycled = newBytes + FrameFixtures.concatenate(old).dropFirst(newBytes.count)
        let scan = FrameFixtures.scan(Array(recycled), previousCRC: 1234, expectedFirstLSN: 500)
        #expect(scan.frames.map(\.header) == new.map(\.header))
        #expect(scan.end == .tornTail(offset: newBytes.count))
        let alignedStale = newBytes + FrameFixtures.concatenate(old)
        let alignedScan = FrameFixtures.scan(alignedStale, previousCRC: 1234, expectedFirstLSN: 500)
        #expect(alignedScan.end == .tornTail(offset: newBytes.count))
    }

    @Test("a scan that keeps no records judges every buffer as the full scan does", arguments: [261, 262] as [UInt64])
    func scanWithoutRecords(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let frames = FrameFixtures.chain(frameCount: 4, rng: &rng, recordsMax: 3, recordLengthMax: 20)
        let bytes = FrameFixtures.concatenate(frames)
        var buffers = [bytes, Array(bytes.dropLast(3))]
        for bit in stride(from: 0, to: bytes.count * 8, by: 3) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            buffers.append(flipped)
        }
        for (index, buffer) in buffers.enumerated() {
            let (full, light) = buffer.withUnsafeBytes {
                (
                    FrameDecoder.scan($0, previousCRC: 0, expectedFirstLSN: 1),
                    FrameDecoder.scan($0, previousCRC: 0, expectedFirstLSN: 1, keepsRecords: false)
                )
            }
            #expect(light.end == full.end && light.validLength == full.validLength, "buffer \(index)")
            #expect(light.lastFrameCRC == full.lastFrameCRC, "buffer \(index)")
            #expect(light.frames.map(\.header) == full.frames.map(\.header), "buffer \(index)")
            #expect(light.frames.map(\.offset) == full.frames.map(\.offset), "buffer \(index)")
            #expect(light.frames.allSatisfy { $0.records.isEmpty }, "buffer \(index)")
        }
        #expect(FrameFixtures.scan(bytes).frames.flatMap(\.records).map(\.payload) == frames.flatMap(\.records))
    }
}
