/// A small, fast JSON writer for responses: appends UTF-8 to one buffer, no reflection, no Foundation.
///
/// Response bodies are on the hot path of every request, and `JSONEncoder` costs several microseconds per object;
/// this writer keeps field order as written and emits `null` for absent optionals (the API shows nullable fields).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// One bit per nesting level: whether the next member needs a comma first.
    private var commaBits: UInt64 = 0
    private var depth = 0

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// Writes an object; `body` writes its fields.
    mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginValue()
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// Writes an array; `body` writes its elements.
    mutating func array(_ body: (inout JSONWriter) -> Void) {
        beginValue()
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// Writes an array of elements, each by `element`.
    mutating func array<S: Sequence>(_ elements: S, _ element: (inout JSONWriter, S.Element) -> Void) {
        array { writer in for item in elements { element(&writer, item) } }
    }

    /// Writes `"name":` inside an object; the value must follow.
    mutating func key(_ name: String) {
        beginValue()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        commaBits &= ~(1 << UInt64(depth))  // the value that follows takes no comma
    }

    /// Writes a field whose value is written by `value`.
    mutating func field(_ name: String, _ value: (inout JSONWriter) -> Void) {
        key(name)
        value(&self)
    }

    /// Writes a field with a plain value.
    mutating func field(_ name: String, _ value: some JSONScalar) {
        key(name)
        value.write(to: &self)
    }

    /// Writes a field that is `null` when the value is absent.
    mutating func field(_ name: String, _ value: (some JSONScalar)?) {
        key(name)
        if let value { value.write(to: &self) } else { raw("null") }
    }

    /// Writes a scalar array element or top-level value.
    mutating func value(_ value: some JSONScalar) { value.write(to: &self) }

    /// Writes a string value.
    mutating func string(_ text: String) {
        beginValue()
        writeString(text)
    }

    /// Writes a string value whose bytes `write` puts into a scratch buffer of `capacity` bytes (and returns their
    /// count), without a `String` in between. The caller vouches that they are printable ASCII without `"` or `\`
    /// (timestamps, identifiers), so nothing needs escaping.
    mutating func asciiString(capacity: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        beginValue()
        bytes.append(UInt8(ascii: "\""))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let count = write(buffer)
            let written = UnsafeBufferPointer(rebasing: buffer[..<count])
            assert(written.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }, "needs escaping")
            bytes.append(contentsOf: written)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes a pre-formatted literal (number, true, false, null).
    mutating func raw(_ literal: String) {
        beginValue()
        bytes.append(contentsOf: literal.utf8)
    }

    /// Splices pre-serialised JSON (one whole value, such as a stored `messages` array) in as the next value.
    ///
    /// The bytes are copied verbatim: the caller vouches that they are one valid JSON value.
    mutating func rawJSON(_ json: [UInt8]) {
        precondition(!json.isEmpty, "a spliced JSON value cannot be empty")
        beginValue()
        bytes.append(contentsOf: json)
    }

    private mutating func beginValue() {
        let bit: UInt64 = 1 << UInt64(depth)
        if commaBits & bit != 0 { bytes.append(UInt8(ascii: ",")) }
        commaBits |= bit
    }

    private mutating func open(_ byte: UInt8) {
        precondition(depth < 63, "JSON nested too deeply")
        bytes.append(byte)
        depth += 1
        commaBits &= ~(1 << UInt64(depth))
    }

    private mutating func close(_ byte: UInt8) {
        depth -= 1
        bytes.append(byte)
    }

    /// Writes a quoted string: runs without anything to escape are copied whole (most strings are one run).
    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                writeEscape(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
        case UInt8(ascii: "\n"): bytes.append(contentsOf: [92, 110])
        case UInt8(ascii: "\r"): bytes.append(contentsOf: [92, 114])
        case UInt8(ascii: "\t"): bytes.append(contentsOf: [92, 116])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
        }
    }
}

/// A value the writer can emit directly.
protocol JSONScalar {
    func write(to writer: inout JSONWriter)
}

extension String: JSONScalar {
    func write(to writer: inout JSONWriter) { writer.string(self) }
}

extension Int: JSONScalar {
    func write(to writer: inout JSONWriter) { writer.raw(String(self)) }
}

extension UInt64: JSONScalar {
    func write(to writer: inout JSONWriter) { writer.raw(String(self)) }
}

extension Bool: JSONScalar {
    func write(to writer: inout JSONWriter) { writer.raw(self ? "true" : "false") }
}

extension Double: JSONScalar {
    func write(to writer: inout JSONWriter) { writer.raw(isFinite ? String(self) : "null") }
}
