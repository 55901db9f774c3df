/// A follower's replication failed: its code, a message (for logs: it may name the leader's address, never a
/// token), and the source location that raised it.
public struct FollowerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; new codes can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Sendable, Hashable {
            case invalidLeaderURL
            case unreachable
            case refused
            case heartbeatTimeout
            case snapshotUnavailable
        }

        private let kind: Kind

        private init(_ kind: Kind) { self.kind = kind }

        /// `--follow` is not an `http://` or `https://` URL with a host.
        public static let invalidLeaderURL = Code(.invalidLeaderURL)
        /// The leader could not be reached (connection refused, reset, timed out).
        public static let unreachable = Code(.unreachable)
        /// The leader answered, but refused the stream (a wrong replication token: 401 or 403; another status).
        public static let refused = Code(.refused)
        /// The stream went silent: no heartbeat within the timeout.
        public static let heartbeatTimeout = Code(.heartbeatTimeout)
        /// The leader's snapshot could not be downloaded or loaded.
        public static let snapshotUnavailable = Code(.snapshotUnavailable)

        /// The code's name, e.g. `refused`.
        public var description: String { String(describing: kind) }
    }

    /// What went wrong.
    public var code: Code
    /// Fixed text with the values involved.
    public var message: String
    /// Source file that raised the error.
    public var file: String
    /// Source line that raised the error.
    public var line: Int

    /// Creates an error; the source location defaults to the caller's.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
