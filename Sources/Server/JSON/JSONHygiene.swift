import Foundation

/// What `JSONDecoder` lets through and the API refuses: a key twice in one object (the decoder keeps one of them
/// silently) and control characters in strings (NUL, ESC, CR/LF, DEL, C1), which would be stored as-is and break
/// logs, terminals and LINE messages. Fields whose values may span lines (templates, reasons, notes) may hold
/// `\n`, `\r` and `\t`, nothing else. A scan of the raw bytes, bounded in depth; malformed JSON is left to the
/// decoder.
struct JSONHygiene {
    /// What the scan found.
    enum Finding: Equatable, Sendable {
        /// A key appears twice in the object at `path`.
        case duplicateKey(path: String)
        /// The string at `path` (or a key in it) holds a control character.
        case controlCharacter(path: String)
        /// Objects and arrays nest deeper than `depthMax`.
        case tooDeep
    }

    /// Keys whose values (and everything under them) may hold line breaks and tabs.
    static let multilineKeys: Set<String> = ["templates", "reason", "note", "notes"]
    static let depthMax = 32

    private let bytes: [UInt8]
    private var index = 0
    private var path: [String] = []
    private var multilineDepth = 0

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// The first problem in `bytes`, or nil (also when `bytes` is not JSON: the decoder says so).
    static func check(_ bytes: [UInt8]) -> Finding? {
        var scanner = JSONHygiene(bytes: bytes)
        do {
            try scanner.value(depth: 0)
            return nil
        } catch {
            return error.finding
        }
    }

    private struct Stop: Error {
        var finding: Finding?
    }

    private var location: String {
        guard !path.isEmpty else { return "body" }
        // An empty key is shown as `""`, so the field named in the answer is never empty.
        return path.map { $0.isEmpty ? #""""# : $0 }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value(depth: Int) throws(Stop) {
        guard depth <= Self.depthMax else { throw Stop(finding: .tooDeep) }
        skipSpace()
        guard index < bytes.count else { throw Stop() }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(depth: depth)
        case UInt8(ascii: "["): try array(depth: depth)
        case UInt8(ascii: "\""): _ = try string()
        default:
            while index < bytes.count, !",]} \t\r\n".utf8.contains(bytes[index]) { index += 1 }
        }
    }

    private mutating func object(depth: Int) throws(Stop) {
        index += 1
        var keys = Set<String>()
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Stop() }
            let key = try string()
            guard keys.insert(key).inserted else {
                path.append(key)
                throw Stop(finding: .duplicateKey(path: location))
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw Stop() }
            index += 1
            path.append(key)
            let multiline = Self.multilineKeys.contains(key)
            if multiline { multilineDepth += 1 }
            try value(depth: depth + 1)
            if multiline { multilineDepth -= 1 }
            path.removeLast()
            guard try endOfMember(closing: "}") else { return }
        }
    }

    private mutating func array(depth: Int) throws(Stop) {
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        var position = 0
        while true {
            path.append("[\(position)]")
            try value(depth: depth + 1)
            path.removeLast()
            position += 1
            guard try endOfMember(closing: "]") else { return }
        }
    }

    /// After a member: true at a comma (more follow), false at the closing bracket.
    private mutating func endOfMember(closing: Character) throws(Stop) -> Bool {
        skipSpace()
        guard index < bytes.count else { throw Stop() }
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == closing.asciiValue { return false }
        throw Stop()
    }

    /// Reads a string (the index at its opening quote), refusing control characters; returns it unescaped.
    private mutating func string() throws(Stop) -> String {
        index += 1
        var units: [UInt16] = []
        var raw: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                var text = String(decoding: raw, as: UTF8.self)
                if !units.isEmpty { text = String(decoding: units, as: UTF16.self) }
                for scalar in text.unicodeScalars where !isAllowed(scalar) {
                    throw Stop(finding: .controlCharacter(path: location))
                }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Stop() }
                if units.isEmpty { units = Array(String(decoding: raw, as: UTF8.self).utf16) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "n"): units.append(0x0A)
                case UInt8(ascii: "r"): units.append(0x0D)
                case UInt8(ascii: "t"): units.append(0x09)
                case UInt8(ascii: "b"): units.append(0x08)
                case UInt8(ascii: "f"): units.append(0x0C)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count,
                        let unit = UInt16(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                    else { throw Stop() }
                    index += 4
                    units.append(unit)
                default: units.append(UInt16(escape))
                }
                raw = []
            default:
                if units.isEmpty {
                    raw.append(byte)
                } else {
                    // Bytes after an escape: decode this UTF-8 sequence into the UTF-16 units.
                    var sequence = [byte]
                    while index < bytes.count, bytes[index] & 0xC0 == 0x80 {
                        sequence.append(bytes[index])
                        index += 1
                    }
                    units += Array(String(decoding: sequence, as: UTF8.self).utf16)
                }
            }
        }
        throw Stop()
    }

    private func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return true }
        if value == 0x7F || (0x80...0x9F).contains(value) { return false }
        if value >= 0xA0 { return true }
        return multilineDepth > 0 && (value == 0x0A || value == 0x0D || value == 0x09)
    }
}
