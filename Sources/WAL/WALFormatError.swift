/// A write-ahead-log frame or block failed validation: the bytes are not what the writer produced.
public struct WALFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of check failed; new codes can be added without breaking callers that switch on `description`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Sendable, Hashable {
            case badMagic
            case headerChecksum
            case payloadChecksum
            case unsupportedVersion
            case unsupportedFlags
            case lengthOutOfRange
            case truncated
            case decompressionFailed
            case recordFraming
            case chainBroken
            case epochDecreased
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The frame does not start with the frame magic number.
        public static let badMagic = Code(.badMagic)
        /// The header's CRC-32C does not match its contents.
        public static let headerChecksum = Code(.headerChecksum)
        /// The payload's CRC-32C does not match the value recorded in the header.
        public static let payloadChecksum = Code(.payloadChecksum)
        /// The frame was written by a format version this build does not read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The header sets flag bits this build does not know.
        public static let unsupportedFlags = Code(.unsupportedFlags)
        /// A length or count is beyond its limit or inconsistent with another field.
        public static let lengthOutOfRange = Code(.lengthOutOfRange)
        /// The bytes end before the frame does.
        public static let truncated = Code(.truncated)
        /// LZ4 rejected the compressed payload or produced a different length than recorded.
        public static let decompressionFailed = Code(.decompressionFailed)
        /// The record length prefixes do not exactly fill the payload.
        public static let recordFraming = Code(.recordFraming)
        /// The frame does not follow the previous one (previous-frame CRC or LSN sequence mismatch).
        public static let chainBroken = Code(.chainBroken)
        /// The frame's or segment's epoch is lower than the one before it (an old leader wrote after a newer one).
        public static let epochDecreased = Code(.epochDecreased)

        /// The code's name, e.g. `headerChecksum`.
        public var description: String {
            String(describing: kind)
        }
    }

    /// What kind of check failed.
    public var code: Code
    /// Fixed text saying what was wrong, with the values involved.
    public var message: String
    /// Byte offset of the failing structure, relative to the buffer that was decoded, when known.
    public var offset: Int?

    /// Creates an error with a code, a message and, when known, the byte offset it refers to.
    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// `code: message (at offset N)`.
    public var description: String {
        if let offset {
            return "\(code): \(message) (at offset \(offset))"
        }
        return "\(code): \(message)"
    }

    /// The same error with its offset moved by `base`, for errors found in a sub-buffer.
    func rebased(by base: Int) -> WALFormatError {
        var copy = self
        copy.offset = offset.map { $0 + base } ?? base
        return copy
    }
}
