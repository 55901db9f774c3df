/// The fast path for small request bodies: a JSON object whose members are plain ASCII strings (no escapes, no
/// control characters), `true`, `false` or `null`, each key once. Anything else (a number, a nested value, an escape,
/// a non-ASCII byte, a repeated key, malformed JSON) makes `parse` return nil, and the caller takes the general path
/// (`JSONHygiene` and `JSONDecoder`), which decides and words every error; so on the bodies it accepts this path
/// answers exactly what the general one would. A booking's body is always of this shape, and reading it here costs
/// a fraction of Foundation's decoder (see BENCHMARKS.md, issue 16).
struct FlatJSONObject {
    /// A member's value.
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case null
    }

    private(set) var members: [(key: String, value: Value)] = []

    /// The value of `key`, if the object has it.
    subscript(key: String) -> Value? {
        members.first { $0.key == key }?.value
    }

    /// An optional string member: absent or null is `.some(nil)`; another kind of value is nil (the general decoder
    /// answers it).
    func string(_ key: String) -> String?? {
        switch self[key] {
        case nil, .null?: return .some(nil)
        case .string(let text)?: return .some(text)
        case .bool?: return nil
        }
    }

    /// An optional boolean member: absent or null is `.some(nil)`; another kind of value is nil.
    func bool(_ key: String) -> Bool?? {
        switch self[key] {
        case nil, .null?: return .some(nil)
        case .bool(let flag)?: return .some(flag)
        case .string?: return nil
        }
    }

    /// Whether the object has no `key`, or null for it.
    func lacks(_ key: String) -> Bool {
        (self[key] ?? .null) == .null
    }

    /// Reads `bytes` as a flat object, or nil when it is not one (see the type's summary).
    static func parse(_ bytes: UnsafeRawBufferPointer) -> FlatJSONObject? {
        var reader = Reader(bytes: bytes)
        return reader.object()
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func object() -> FlatJSONObject? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var object = FlatJSONObject()
            if take(UInt8(ascii: "}")) { return end(object) }
            while true {
                guard let key = string(), take(UInt8(ascii: ":")), let value = value() else { return nil }
                guard object[key] == nil else { return nil }
                object.members.append((key, value))
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return end(object)
            }
        }

        /// The object, if nothing but whitespace follows it.
        mutating func end(_ object: FlatJSONObject) -> FlatJSONObject? {
            skipSpace()
            return index == bytes.count ? object : nil
        }

        mutating func value() -> Value? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return nil
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            // A literal runs into the next token only through whitespace or punctuation (`truex` is not JSON).
            if index < bytes.count, !",}] \t\r\n".utf8.contains(bytes[index]) { return false }
            return true
        }

        /// A string of printable ASCII without escapes; nil for anything else.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }
    }
}

/// A request body type the flat fast path can build.
protocol FlatDecodable: Decodable {
    /// The value from a flat object, or nil when the general decoder must decide (a wrong type, a missing field, a
    /// member only it can read).
    init?(flat object: FlatJSONObject)
}
