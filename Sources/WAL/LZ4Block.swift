import CLZ4

/// LZ4 block compression (liblz4's block API, no frame format): the caller stores the raw length itself.
public enum LZ4Block {
    /// The compressed form of `input`, or nil when it would not be smaller than `input` (including empty input).
    public static func compress(_ input: [UInt8]) -> [UInt8]? {
        guard input.count > 1, input.count <= Int(LZ4_MAX_INPUT_SIZE) else {
            return nil
        }
        let capacity = input.count - 1
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { destination, initializedCount in
            initializedCount = input.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { sourceChars in
                    destination.withMemoryRebound(to: CChar.self) { destinationChars in
                        // Returns 0 when the result does not fit in `capacity`: that is the "not smaller" case.
                        Int(
                            LZ4_compress_default(
                                sourceChars.baseAddress, destinationChars.baseAddress,
                                Int32(input.count), Int32(capacity)))
                    }
                }
            }
        }
        precondition(output.count < input.count, "LZ4 wrote past its capacity")
        return output.isEmpty ? nil : output
    }

    /// Decompresses `input`, which must expand to exactly `rawLength` bytes; corrupt input throws, never reads or
    /// writes out of bounds.
    public static func decompress(_ input: [UInt8], rawLength: Int) throws(WALFormatError) -> [UInt8] {
        // withUnsafeBytes rethrows untyped errors, so the typed error travels out in a Result.
        let result = input.withUnsafeBytes { source in
            Result { () throws(WALFormatError) -> [UInt8] in
                try decompress(source, rawLength: rawLength)
            }
        }
        return try result.get()
    }

    /// Decompresses `input` in place, without copying it into an array first.
    static func decompress(_ input: UnsafeRawBufferPointer, rawLength: Int) throws(WALFormatError) -> [UInt8] {
        guard rawLength >= 0, rawLength <= Int(LZ4_MAX_INPUT_SIZE), input.count <= Int(Int32.max) else {
            throw WALFormatError(
                .lengthOutOfRange, "LZ4 block length \(input.count) or raw length \(rawLength) too big")
        }
        guard !input.isEmpty else {
            throw WALFormatError(.decompressionFailed, "LZ4 block is empty")
        }
        var status: Int32 = 0
        // One spare byte keeps the destination pointer non-null when rawLength is 0.
        let output = [UInt8](unsafeUninitializedCapacity: rawLength + 1) { destination, initializedCount in
            status = input.withMemoryRebound(to: CChar.self) { sourceChars in
                destination.withMemoryRebound(to: CChar.self) { destinationChars in
                    LZ4_decompress_safe(
                        sourceChars.baseAddress, destinationChars.baseAddress, Int32(input.count), Int32(rawLength))
                }
            }
            initializedCount = status > 0 ? Int(status) : 0
        }
        guard status >= 0, Int(status) == rawLength else {
            throw WALFormatError(.decompressionFailed, "LZ4 block decoded to \(status) bytes, expected \(rawLength)")
        }
        precondition(output.count == rawLength, "LZ4 output length disagrees with its status")
        return output
    }
}
