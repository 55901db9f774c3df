import Testing

@testable import Core

/// Truncated, corrupted and random snapshots never trap. Snapshot encodings are canonical too (ascending ids,
/// members in their order, no empty histories), so whatever decodes re-encodes to the same bytes.
@Suite struct SnapshotCodecFuzzTests {
    private func decodeOrReject(_ bytes: [UInt8], _ context: @autoclosure () -> String) -> CodecError? {
        do throws(CodecError) {
            let state = try SnapshotCodec.decode(bytes)
            #expect(SnapshotCodec.encode(state) == bytes, "\(context())")
            return nil
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(context()): \(error)")
            return error
        }
    }

    private func smallSnapshot() async throws -> (bytes: [UInt8], replay: String) {
        var scenario = EngineScenario(random: CodecTestRandom.seeded())
        try await scenario.run(bookingsPerMerchant: 6)
        return (SnapshotCodec.encode(scenario.engine.store.snapshot()), scenario.random.replay)
    }

    @Test func everyTruncationIsRejected() async throws {
        let (bytes, replay) = try await smallSnapshot()
        for length in 0..<bytes.count {
            let error = decodeOrReject(Array(bytes.prefix(length)), "\(replay) cut at \(length)")
            #expect(error?.code == .truncated || error?.code == .lengthOutOfRange, "\(replay) cut at \(length)")
        }
    }

    @Test func everySingleByteCorruptionDecodesOrThrows() async throws {
        let (bytes, replay) = try await smallSnapshot()
        var random = CodecTestRandom.seeded()
        for index in bytes.indices {
            for flip in [0x01, 0x80, UInt8(truncatingIfNeeded: random.next() | 1)] as [UInt8] {
                var corrupt = bytes
                corrupt[index] ^= flip
                _ = decodeOrReject(corrupt, "\(replay), \(random.replay): byte \(index) ^ \(flip)")
            }
        }
    }

    @Test func randomBytesDecodeOrThrow() {
        var random = CodecTestRandom.seeded()
        for round in 0..<5_000 {
            var bytes = random.bytes(Int(random.below(64)))
            if !bytes.isEmpty { bytes[0] = SnapshotCodec.formatVersion }
            // Small values make counts and ids plausible, so decoding gets further.
            if random.chance(1, in: 2) { bytes = bytes.map { $0 & 0x03 } }
            if !bytes.isEmpty { bytes[0] = SnapshotCodec.formatVersion }
            _ = decodeOrReject(bytes, "\(random.replay) round \(round)")
        }
    }
}
