/// Reads the wire forms ``ByteWriter`` writes, trusting nothing: every read checks the bytes that remain, every
/// length and count is checked against them before anything is allocated, and every failure is a ``CodecError``
/// carrying the offset of the value that failed.
///
/// The reader borrows its buffer; it must not outlive the closure that handed the buffer out.
struct ByteReader {
    /// The bytes being read.
    private let buffer: UnsafeRawBufferPointer
    /// Where the next read starts.
    private(set) var offset: Int

    /// Starts reading at the beginning of `buffer`.
    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
        self.offset = 0
    }

    /// How many bytes are left.
    var remaining: Int { buffer.count - offset }

    /// Throws unless every byte was read.
    func expectEnd() throws(CodecError) {
        guard offset == buffer.count else {
            throw CodecError(.trailingBytes, "\(remaining) bytes after the end of the value", offset: offset)
        }
    }

    /// One byte.
    mutating func readUInt8() throws(CodecError) -> UInt8 {
        guard offset < buffer.count else { throw CodecError(.truncated, "expected a byte", offset: offset) }
        let value = buffer[offset]
        offset += 1
        return value
    }

    /// A flag, which must be 0 or 1.
    mutating func readBool() throws(CodecError) -> Bool {
        let start = offset
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        case let other: throw CodecError(.invalidValue, "flag byte \(other) is neither 0 nor 1", offset: start)
        }
    }

    /// `width` bytes, little-endian, as the low bits of a `UInt64`.
    private mutating func readFixed(width: Int) throws(CodecError) -> UInt64 {
        guard remaining >= width else {
            throw CodecError(.truncated, "expected \(width) bytes, \(remaining) left", offset: offset)
        }
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(buffer[offset + index]) << (8 * index) }
        offset += width
        return value
    }

    /// Two bytes, little-endian.
    mutating func readUInt16() throws(CodecError) -> UInt16 { UInt16(truncatingIfNeeded: try readFixed(width: 2)) }
    /// Four bytes, little-endian.
    mutating func readUInt32() throws(CodecError) -> UInt32 { UInt32(truncatingIfNeeded: try readFixed(width: 4)) }
    /// Eight bytes, little-endian.
    mutating func readUInt64() throws(CodecError) -> UInt64 { try readFixed(width: 8) }

    /// An unsigned LEB128 varint in its shortest form (at most ten bytes, no trailing zero byte).
    mutating func readVarUInt() throws(CodecError) -> UInt64 {
        guard offset < buffer.count else { throw CodecError(.truncated, "expected a varint", offset: offset) }
        let first = buffer[offset]
        if first < 0x80 {
            offset += 1
            return UInt64(first)
        }
        return try readLongVarUInt()
    }

    /// The varints of two bytes or more.
    private mutating func readLongVarUInt() throws(CodecError) -> UInt64 {
        if remaining >= 8, let base = buffer.baseAddress {
            // Up to eight bytes at once: every id and instant fits, and the loop below takes the rest.
            let word = UInt64(littleEndian: (base + offset).loadUnaligned(as: UInt64.self))
            let ends = ~word & 0x8080_8080_8080_8080
            if ends != 0 {
                let length = (ends.trailingZeroBitCount + 1) / 8
                let last = UInt8(truncatingIfNeeded: word >> (8 * (length - 1)))
                guard last != 0 else {
                    throw CodecError(.malformedVarint, "varint not in shortest form", offset: offset)
                }
                offset += length
                return Self.gatherSevenBitGroups(length == 8 ? word : word & ((1 << (8 * length)) - 1))
            }
        }
        return try readLongVarUIntByteByByte()
    }

    /// Packs the low seven bits of each byte of `word` together, low byte first (a branch-free LEB128 decode).
    private static func gatherSevenBitGroups(_ word: UInt64) -> UInt64 {
        var value = word & 0x7f7f_7f7f_7f7f_7f7f
        value = (value & 0x007f_007f_007f_007f) | ((value & 0x7f00_7f00_7f00_7f00) >> 1)
        value = (value & 0x0000_3fff_0000_3fff) | ((value & 0x3fff_0000_3fff_0000) >> 2)
        value = (value & 0x0000_0000_0fff_ffff) | ((value & 0x0fff_ffff_0000_0000) >> 4)
        return value
    }

    /// Any varint of two bytes or more, near the end of the buffer or longer than eight bytes.
    private mutating func readLongVarUIntByteByByte() throws(CodecError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < buffer.count else { throw CodecError(.truncated, "varint ends early", offset: start) }
            let byte = buffer[offset]
            offset += 1
            if shift == 63 && byte > 1 {
                throw CodecError(.malformedVarint, "varint overflows 64 bits", offset: start)
            }
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 {
                guard byte != 0 else {
                    throw CodecError(.malformedVarint, "varint not in shortest form", offset: start)
                }
                return value
            }
            shift += 7
        }
    }

    /// A zigzag varint.
    mutating func readVarInt() throws(CodecError) -> Int64 {
        let raw = try readVarUInt()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A zigzag varint that must fit a machine integer.
    mutating func readInt() throws(CodecError) -> Int {
        let start = offset
        guard let value = Int(exactly: try readVarInt()) else {
            throw CodecError(.invalidValue, "integer does not fit this machine", offset: start)
        }
        return value
    }

    /// A varint count of elements that each take at least `elementBytesMin` bytes, checked against the bytes left
    /// so that a hostile count can never cause a large allocation.
    mutating func readCount(elementBytesMin: Int) throws(CodecError) -> Int {
        precondition(elementBytesMin > 0, "elements take at least a byte")
        let start = offset
        let count = try readVarUInt()
        guard count <= UInt64(remaining / elementBytesMin) else {
            throw CodecError(.lengthOutOfRange, "count \(count) exceeds the \(remaining) bytes left", offset: start)
        }
        return Int(count)
    }

    /// Exactly `count` raw bytes (a fixed-size field, so no length is stored).
    mutating func readBytes(count: Int) throws(CodecError) -> [UInt8] {
        guard remaining >= count else {
            throw CodecError(.truncated, "expected \(count) bytes, \(remaining) left", offset: offset)
        }
        let bytes = Array(buffer[offset..<offset + count])
        offset += count
        return bytes
    }

    /// A length-prefixed string whose bytes must be valid UTF-8.
    mutating func readString() throws(CodecError) -> String {
        let start = offset
        let length = try readCount(elementBytesMin: 1)
        if length == 0 { return "" }
        guard let base = buffer.baseAddress else { preconditionFailure("non-empty read from an empty buffer") }
        let bytes = UnsafeBufferPointer(start: (base + offset).assumingMemoryBound(to: UInt8.self), count: length)
        guard let string = Self.string(validating: bytes) else {
            throw CodecError(.invalidUTF8, "string of \(length) bytes is not valid UTF-8", offset: start)
        }
        offset += length
        return string
    }

    /// The string of `bytes`, nil unless they are valid UTF-8.
    private static func string(validating bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // Most strings are ASCII, which is valid UTF-8 as it stands; `String(validating:)` is generic and slower.
        var isASCII = true
        for byte in bytes where byte >= 0x80 {
            isASCII = false
            break
        }
        let string = isASCII ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        assert(string.map { $0.utf8.elementsEqual(bytes) } ?? true, "decoding changed the bytes")
        return string
    }

    /// An optional: a presence byte (0 absent, 1 present), then the value when present.
    mutating func readOptional<Value>(
        _ body: (inout ByteReader) throws(CodecError) -> Value
    ) throws(CodecError) -> Value? {
        let start = offset
        switch try readUInt8() {
        case 0: return nil
        case 1: return try body(&self)
        case let other: throw CodecError(.invalidValue, "presence byte \(other) is neither 0 nor 1", offset: start)
        }
    }

    /// An optional string.
    mutating func readOptionalString() throws(CodecError) -> String? {
        try readOptional { reader throws(CodecError) in try reader.readString() }
    }
}

extension ByteReader {
    /// Runs `body` with a reader over the bytes of `bytes`.
    static func reading<Value>(
        _ bytes: [UInt8],
        _ body: (inout ByteReader) throws(CodecError) -> Value
    ) throws(CodecError) -> Value {
        // withUnsafeBytes rethrows untyped errors, so the typed error travels out in a Result.
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(CodecError) -> Value in
                var reader = ByteReader(buffer)
                return try body(&reader)
            }
        }
        return try result.get()
    }

    /// Runs `body` with a reader over the bytes of `bytes`; offsets count from the slice's start.
    static func reading<Value>(
        _ bytes: ArraySlice<UInt8>,
        _ body: (inout ByteReader) throws(CodecError) -> Value
    ) throws(CodecError) -> Value {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(CodecError) -> Value in
                var reader = ByteReader(buffer)
                return try body(&reader)
            }
        }
        return try result.get()
    }
}
