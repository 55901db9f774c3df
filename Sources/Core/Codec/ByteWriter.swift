/// Appends primitive values to a byte array in the codec's wire forms: little-endian fixed-width integers,
/// LEB128 varints (zigzag for signed values), length-prefixed UTF-8 strings and optionals with a presence byte.
///
/// Writing never fails; ``ByteReader`` reads every form back and validates it.
struct ByteWriter {
    /// The bytes written so far; callers may swap in a buffer to append to.
    var bytes: [UInt8]

    /// Starts an empty buffer with room for `capacity` bytes.
    init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// One byte.
    mutating func writeUInt8(_ value: UInt8) {
        bytes.append(value)
    }

    /// A flag: 0 or 1.
    mutating func writeBool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    /// Two bytes, little-endian.
    mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    /// Four bytes, little-endian.
    mutating func writeUInt32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// Eight bytes, little-endian.
    mutating func writeUInt64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// An unsigned LEB128 varint: seven bits per byte, low bits first, the top bit set on all but the last byte.
    mutating func writeVarUInt(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    /// A signed value as a zigzag varint, so that small magnitudes of either sign stay short.
    mutating func writeVarInt(_ value: Int64) {
        writeVarUInt(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A machine integer as a zigzag varint.
    mutating func writeVarInt(_ value: Int) {
        writeVarInt(Int64(value))
    }

    /// Raw bytes of a fixed-size field, without a length.
    mutating func writeBytes(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
    }

    /// A string: its UTF-8 length as a varint, then its UTF-8 bytes.
    mutating func writeString(_ value: String) {
        let utf8 = value.utf8
        writeVarUInt(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// An optional: a presence byte (0 absent, 1 present), then the value when present.
    mutating func writeOptional<Value>(_ value: Value?, _ body: (inout ByteWriter, Value) -> Void) {
        guard let value else { return writeUInt8(0) }
        writeUInt8(1)
        body(&self, value)
    }

    /// An optional string.
    mutating func writeOptionalString(_ value: String?) {
        writeOptional(value) { $0.writeString($1) }
    }
}
