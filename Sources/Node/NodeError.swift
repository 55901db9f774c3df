/// Why a node could not start, or a maintenance command (backup, restore, verify) could not run.
public struct NodeError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure; new codes can be added without breaking callers that compare with these.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case snapshotsUnreadable
            case logUnreadable
            case replayFailed
            case targetNotEmpty
            case targetBeyondLog
            case archiveNeeded
            case storage
            case leadershipUnreadable
        }

        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The snapshots folder could not be read.
        public static let snapshotsUnreadable = Code(.snapshotsUnreadable)
        /// The log could not be opened (corruption, a stale epoch, a storage error).
        public static let logUnreadable = Code(.logUnreadable)
        /// A record of the log does not decode or does not apply to the state: a damaged log.
        public static let replayFailed = Code(.replayFailed)
        /// A backup or restore target already holds files.
        public static let targetNotEmpty = Code(.targetNotEmpty)
        /// A restore to an LSN past the source's last record.
        public static let targetBeyondLog = Code(.targetBeyondLog)
        /// A restore needs older segments than the source holds: its archive.
        public static let archiveNeeded = Code(.archiveNeeded)
        /// A file operation failed.
        public static let storage = Code(.storage)
        /// The data folder's leadership record (`DIR/leadership`) is damaged.
        public static let leadershipUnreadable = Code(.leadershipUnreadable)

        public var description: String {
            switch kind {
            case .snapshotsUnreadable: return "snapshotsUnreadable"
            case .logUnreadable: return "logUnreadable"
            case .replayFailed: return "replayFailed"
            case .targetNotEmpty: return "targetNotEmpty"
            case .targetBeyondLog: return "targetBeyondLog"
            case .archiveNeeded: return "archiveNeeded"
            case .storage: return "storage"
            case .leadershipUnreadable: return "leadershipUnreadable"
            }
        }
    }

    /// What kind of failure.
    public var code: Code
    /// What went wrong, naming the file and position where known.
    public var message: String
    /// The error underneath, when there is one (a `WALError`, a `CodecError`, a `WALStorageError`).
    public var underlying: (any Error & Sendable)?

    init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
