/// The write-ahead log could not do what was asked: its code, a message, where in the log (segment file, byte offset,
/// LSN) when that is known, the underlying format or storage error, and the source location that raised it.
public struct WALError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; new codes can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Sendable, Hashable {
            case corruption
            case durabilityUnavailable
            case storage
            case invalidOptions
            case recordTooLarge
            case overloaded
            case closed
            case lsnNotRetained
            case staleEpoch
            case readOnlyReplica
            case notReadOnly
            case fenced
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// Committed data is damaged or missing; the log refuses to open until `WriteAheadLog.repair` has run.
        public static let corruption = Code(.corruption)
        /// A write or sync failed: the log accepts no more records (until it is reopened).
        public static let durabilityUnavailable = Code(.durabilityUnavailable)
        /// A storage operation failed while opening, reading or repairing the log.
        public static let storage = Code(.storage)
        /// `WALOptions` break one of their limits.
        public static let invalidOptions = Code(.invalidOptions)
        /// A record or a group of records appended together cannot fit in one frame.
        public static let recordTooLarge = Code(.recordTooLarge)
        /// The queue of records waiting to be written is full; retry later.
        public static let overloaded = Code(.overloaded)
        /// The log was closed.
        public static let closed = Code(.closed)
        /// The LSN asked for is older than the oldest record the log still holds (its segment was pruned).
        public static let lsnNotRetained = Code(.lsnNotRetained)
        /// The writer's epoch is below the log's last epoch: an old leader must not write.
        public static let staleEpoch = Code(.staleEpoch)
        /// The log belongs to a follower: it stores only its leader's frames, never a local append.
        public static let readOnlyReplica = Code(.readOnlyReplica)
        /// Promotion of a log that is not read-only: it was never a follower's, or it was promoted already.
        public static let notReadOnly = Code(.notReadOnly)
        /// A newer leader (a higher epoch) took over from this log's node: it takes no more local appends, and a
        /// second, different fence is refused.
        public static let fenced = Code(.fenced)

        /// The code's name, e.g. `corruption`.
        public var description: String {
            String(describing: kind)
        }
    }

    /// What went wrong.
    public var code: Code
    /// Fixed text with the values involved.
    public var message: String
    /// The segment file name concerned, when known.
    public var segment: String?
    /// Byte offset in `segment`, when known.
    public var offset: Int?
    /// The LSN concerned (for corruption: the first LSN expected at `offset`), when known.
    public var lsn: UInt64?
    /// The frame or header check that failed, for corruption.
    public var formatError: WALFormatError?
    /// The storage operation that failed.
    public var storageError: WALStorageError?
    /// Source file that raised the error.
    public var file: String
    /// Source line that raised the error.
    public var line: Int

    /// Creates an error; the source location defaults to the caller's.
    public init(
        _ code: Code, _ message: String, segment: String? = nil, offset: Int? = nil, lsn: UInt64? = nil,
        formatError: WALFormatError? = nil, storageError: WALStorageError? = nil, file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.segment = segment
        self.offset = offset
        self.lsn = lsn
        self.formatError = formatError
        self.storageError = storageError
        self.file = file
        self.line = line
    }

    /// `code: message [segment wal-….seg, offset N, LSN M]: underlying`.
    public var description: String {
        var text = "\(code): \(message)"
        var location: [String] = []
        if let segment { location.append("segment \(segment)") }
        if let offset { location.append("offset \(offset)") }
        if let lsn { location.append("LSN \(lsn)") }
        if !location.isEmpty { text += " [" + location.joined(separator: ", ") + "]" }
        if let formatError { text += ": \(formatError)" }
        if let storageError { text += ": \(storageError)" }
        return text
    }

    /// A storage failure while opening, reading or repairing.
    package static func storage(
        _ error: WALStorageError, _ message: String, file: String = #fileID, line: Int = #line
    ) -> WALError {
        WALError(.storage, message, storageError: error, file: file, line: line)
    }
}
