import Synchronization

/// What a follower reports about its replication, for `/health`.
public struct ReplicationStatus: Sendable, Equatable {
    /// The leader's base URL.
    public var leaderURL: String
    /// The leader's last durable LSN as last heard.
    public var leaderLSN: UInt64
    /// How far behind we are, in records.
    public var lagRecords: UInt64
    /// How far behind we are, in seconds of the leader's clock.
    public var lagSeconds: Double
    /// `connecting`, `streaming`, `disconnected`, `loadingSnapshot` or `stopped`.
    public var connection: String
    /// Reconnections so far.
    public var reconnects: Int = 0
    /// Bytes received from the leader so far.
    public var bytes: UInt64 = 0
    /// Whether the leader ever accepted this follower's stream; until then the lag is unknown.
    public var leaderReached = true
    /// Why this follower is not healthy (it never reached its leader, or the leader refuses it); nil when it is.
    /// Public text: no tokens, no paths.
    public var problem: String?

    /// Creates a status.
    public init(leaderURL: String, leaderLSN: UInt64, lagRecords: UInt64, lagSeconds: Double, connection: String) {
        self.leaderURL = leaderURL
        self.leaderLSN = leaderLSN
        self.lagRecords = lagRecords
        self.lagSeconds = lagSeconds
        self.connection = connection
    }
}

/// The node's role, which a promotion changes at run time: a leader takes writes, a follower only reads.
public final class NodeRole: Sendable {
    /// The roles.
    public enum Role: Sendable, Equatable {
        /// Takes writes.
        case leader
        /// Tails a leader and serves reads.
        case follower(leaderURL: String)
    }

    private let current: Mutex<Role>

    /// Starts in `role`.
    public init(_ role: Role) { current = Mutex(role) }

    /// The current role.
    public var role: Role { current.withLock { $0 } }

    /// Whether this node takes writes (and pushes LINE notifications).
    public var isLeader: Bool { role == .leader }

    /// Becomes the leader (promotion).
    public func promote() { current.withLock { $0 = .leader } }
}
