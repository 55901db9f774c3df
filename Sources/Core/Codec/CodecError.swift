/// Encoded events or snapshots failed validation: the bytes are not something this build's encoder produced.
public struct CodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of check failed; new codes can be added without breaking callers that switch on `description`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Sendable, Hashable {
            case truncated
            case unsupportedVersion
            case unknownTag
            case malformedVarint
            case lengthOutOfRange
            case invalidUTF8
            case invalidValue
            case unknownTimeZone
            case trailingBytes
            case inconsistentSnapshot
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The bytes end before the value being read does.
        public static let truncated = Code(.truncated)
        /// The leading format version byte is one this build does not read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A tag byte (event kind, history action, booking status…) names no known case.
        public static let unknownTag = Code(.unknownTag)
        /// A LEB128 varint is longer than ten bytes, overflows 64 bits, or is not in its shortest form.
        public static let malformedVarint = Code(.malformedVarint)
        /// A length or count is larger than the bytes that remain could hold.
        public static let lengthOutOfRange = Code(.lengthOutOfRange)
        /// A string's bytes are not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A value is outside what its type accepts (an identifier of 0, a time of day past 24:00, a flag of 2…).
        public static let invalidValue = Code(.invalidValue)
        /// A time zone identifier that is not shaped like a zone name (well-formed names this host does not know decode
        /// as unresolved rules, see `ZoneRules.isResolved`).
        public static let unknownTimeZone = Code(.unknownTimeZone)
        /// Bytes remain after the encoded value ended.
        public static let trailingBytes = Code(.trailingBytes)
        /// A snapshot's parts do not fit together (a duplicate id, a member under the wrong merchant…).
        public static let inconsistentSnapshot = Code(.inconsistentSnapshot)

        /// The code's name, e.g. `truncated`.
        public var description: String {
            String(describing: kind)
        }
    }

    /// What kind of check failed.
    public var code: Code
    /// Fixed text saying what was wrong, with the values involved.
    public var message: String
    /// Byte offset of the failing value, relative to the start of the buffer that was decoded.
    public var offset: Int

    /// Creates an error with a code, a message and the byte offset it refers to.
    public init(_ code: Code, _ message: String, offset: Int) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// `code: message (at offset N)`.
    public var description: String {
        "\(code): \(message) (at offset \(offset))"
    }
}
