/// ASCII reading and writing shared by the date and time parsers and formatters; no Foundation, no allocation
/// beyond the resulting `String`.
enum TimeText {
    static let zero = UInt8(ascii: "0")

    /// Runs `body` over the UTF-8 bytes of `text`, contiguous (native strings already are).
    static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        return text.withUTF8(body)
    }

    /// The unsigned decimal number in `bytes[start..<start + count]`, nil unless every byte there is a digit.
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, count: Int) -> Int? {
        guard start >= 0, count > 0, start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let digit = Int(bytes[index]) - Int(zero)
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Writes `value` as exactly `width` digits, zero-padded, and returns the index after them.
    static func write(
        _ value: Int, width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        precondition(value >= 0 && width > 0 && start + width <= buffer.count, "digits do not fit")
        var remaining = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
            buffer[index] = zero + UInt8(remaining % 10)
            remaining /= 10
        }
        precondition(remaining == 0, "value wider than its field")
        return start + width
    }

    /// Writes one ASCII byte and returns the index after it.
    static func write(_ ascii: Unicode.Scalar, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        buffer[index] = UInt8(ascii: ascii)
        return index + 1
    }

    /// Writes a year as four digits, or outside 0...9999 as ISO 8601's expanded form (a sign and at least six
    /// digits), and returns the index after it.
    static func writeYear(_ year: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        if (0...9999).contains(year) {
            return write(Int(year), width: 4, into: buffer, at: start)
        }
        let next = write(year < 0 ? "-" : "+", into: buffer, at: start)
        let magnitude = Int(year.magnitude)
        var width = 6
        while width < 19 && magnitude >= power10(width) {
            width += 1
        }
        return write(magnitude, width: width, into: buffer, at: next)
    }

    /// Writes "YYYY-MM-DD" and returns the index after it.
    static func writeDate(
        year: Int64, month: Int, day: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var index = writeYear(year, into: buffer, at: start)
        index = write("-", into: buffer, at: index)
        index = write(month, width: 2, into: buffer, at: index)
        index = write("-", into: buffer, at: index)
        return write(day, width: 2, into: buffer, at: index)
    }

    /// Room for the longest text any writer here produces: an expanded 19-digit year, the time and an offset.
    static let capacityBytes = 48

    /// Builds a string from at most `capacityBytes` ASCII bytes written by `body`, which returns how many it wrote.
    static func string(_ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
        String(unsafeUninitializedCapacity: capacityBytes) { buffer in
            let count = body(buffer)
            precondition((0...capacityBytes).contains(count), "text overran its buffer")
            return count
        }
    }

    private static func power10(_ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<exponent {
            result *= 10
        }
        return result
    }
}
