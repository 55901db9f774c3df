/// The log did not acknowledge a change. The engine has undone its reservation either way; what the code says is
/// whether the change may still be in the log.
public struct DurabilityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the log did not acknowledge the change; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case outcomeUnknown
            case overloaded
            case closed
            case tooLarge
            case readOnlyReplica
            case notLeader
        }

        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The log failed (a write or sync error, now or earlier): the record may or may not be on disk, and no
        /// further writes are accepted until the node restarts. Retry with the same idempotency key.
        public static let outcomeUnknown = Code(.outcomeUnknown)
        /// The log's queue is full: nothing was written. Retry later.
        public static let overloaded = Code(.overloaded)
        /// The log is closing (shutdown): nothing was written. Retry later, or on another node.
        public static let closed = Code(.closed)
        /// The event is larger than a log frame may hold: nothing was written, and a retry will fail the same way.
        public static let tooLarge = Code(.tooLarge)
        /// The log belongs to a read-only replica (a follower): nothing failed and nothing was written; the write
        /// belongs on the leader.
        public static let readOnlyReplica = Code(.readOnlyReplica)
        /// This node was the leader until a newer one (a higher epoch) took over: nothing was written; the write
        /// belongs on the new leader.
        public static let notLeader = Code(.notLeader)

        /// The stable name APIs expose.
        public var rawValue: String {
            switch kind {
            case .outcomeUnknown: return "durability_unavailable"
            case .overloaded: return "overloaded"
            case .closed: return "shutting_down"
            case .tooLarge: return "payload_too_large"
            case .readOnlyReplica: return "read_only_replica"
            case .notLeader: return "not_leader"
            }
        }

        public var description: String { rawValue }
    }

    /// What happened.
    public var code: Code
    /// Why, for logs (it may name files; never a secret, never customer data).
    public var reason: String
    /// For `notLeader`: the base URL of the leader that took over, where the write belongs.
    public var leaderURL: String?

    /// Creates the error.
    public init(_ code: Code, reason: String, leaderURL: String? = nil) {
        self.code = code
        self.reason = reason
        self.leaderURL = leaderURL
    }

    /// Whether the change may have reached the log (and so may appear after a restart).
    public var mayBeDurable: Bool { code == .outcomeUnknown }

    /// The refusal of a follower's log: it stores only its leader's records.
    public static let readOnlyReplica = DurabilityError(
        .readOnlyReplica, reason: "this node is a read-only replica; writes go to the leader")

    /// Whether the log refused because this node is a read-only replica.
    public var isReadOnlyReplica: Bool { code == .readOnlyReplica }

    /// The stable code APIs expose for a read-only replica's refusal.
    public static let readOnlyReplicaCode = Code.readOnlyReplica.rawValue

    /// Whether the log refused because a newer leader took over from this node.
    public var isNotLeader: Bool { code == .notLeader }

    public var description: String { "\(code.rawValue): \(reason)" }
}
