import Testing

@testable import Core

/// Decoding hostile bytes never traps: it yields an event or a `CodecError`. Since every encoding is canonical
/// (shortest varints, flags 0 or 1, ascending sets), whatever decodes must also re-encode to the same bytes.
@Suite struct EventCodecFuzzTests {
    /// Decodes `bytes`; when that succeeds, checks that the event re-encodes to exactly `bytes`.
    private func decodeOrReject(_ bytes: [UInt8], _ context: @autoclosure () -> String) -> CodecError? {
        do throws(CodecError) {
            let event = try EventCodec.decode(bytes)
            #expect(
                EventCodec.encode(event, inVersion: bytes.first) == bytes, "\(context()): \(bytes) decoded to \(event)")
            return nil
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(context()): \(error)")
            return error
        }
    }

    /// A cut inside a string or list shows as a length beyond the bytes left; anywhere else as truncation.
    @Test func everyTruncationIsRejected() {
        var random = CodecTestRandom.seeded()
        let events = EventSamples.realistic + EventSamples.edges + (0..<200).map { _ in random.event() }
        for event in events {
            let bytes = EventCodec.encode(event)
            for length in 0..<bytes.count {
                let error = decodeOrReject(Array(bytes.prefix(length)), "\(random.replay) \(event) cut at \(length)")
                let isCut = error?.code == .truncated || error?.code == .lengthOutOfRange
                #expect(isCut, "\(random.replay) \(event) cut at \(length): \(String(describing: error))")
            }
        }
    }

    @Test func everySingleByteCorruptionDecodesOrThrows() {
        var random = CodecTestRandom.seeded()
        let events = EventSamples.realistic + EventSamples.edges + (0..<20).map { _ in random.event() }
        var rejected = 0
        var decoded = 0
        for event in events {
            let bytes = EventCodec.encode(event)
            for index in bytes.indices {
                for flip in [0x01, 0x80, 0xff, UInt8(truncatingIfNeeded: random.next() | 1)] as [UInt8] {
                    var corrupt = bytes
                    corrupt[index] ^= flip
                    if decodeOrReject(corrupt, "\(random.replay) \(event) byte \(index) ^ \(flip)") == nil {
                        decoded += 1
                    } else {
                        rejected += 1
                    }
                }
            }
        }
        #expect(rejected > 0 && decoded > 0, "\(random.replay)")
    }

    @Test func randomBytesDecodeOrThrow() {
        var random = CodecTestRandom.seeded()
        for round in 0..<20_000 {
            var bytes = random.bytes(Int(random.below(48)))
            // Mostly a valid version and tag, so that decoding gets past the first two bytes.
            if bytes.count >= 2, random.chance(3, in: 4) {
                bytes[0] = EventCodec.formatVersion
                bytes[1] = UInt8(1 + random.below(20))
            }
            _ = decodeOrReject(bytes, "\(random.replay) round \(round)")
        }
    }

    @Test func randomFieldsUnderValidTagsDecodeOrThrow() {
        var random = CodecTestRandom.seeded()
        for round in 0..<5_000 {
            // Small values make every field plausible, reaching deep into each event's reader.
            var bytes: [UInt8] = [EventCodec.formatVersion, UInt8(1 + random.below(20))]
            bytes += (0..<random.below(40)).map { _ in UInt8(random.below(4)) }
            _ = decodeOrReject(bytes, "\(random.replay) round \(round)")
        }
    }
}
