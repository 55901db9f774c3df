import Synchronization
import WAL

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

/// The node's role, which a promotion or a fence changes at run time: a leader takes writes, a follower only reads.
/// A former leader that a newer leader fenced is a follower of that leader, with the fence kept: its refused writes
/// answer `503 not_leader` (a client's retry belongs on the new leader) rather than a replica's `403`.
public final class NodeRole: Sendable {
    /// The roles.
    public enum Role: Sendable, Equatable {
        /// Takes writes.
        case leader
        /// Tails a leader and serves reads.
        case follower(leaderURL: String)
    }

    private struct State {
        var role: Role
        var fence: LogFence?
        var promoting = false
    }

    private let current: Mutex<State>

    /// Starts in `role`, fenced by `fence` when it is a former leader (then `role` follows the fence's leader).
    public init(_ role: Role, fence: LogFence? = nil) {
        precondition(fence == nil || role == .follower(leaderURL: fence!.leaderURL), "a fenced node follows its fence")
        current = Mutex(State(role: role, fence: fence))
    }

    /// The current role.
    public var role: Role { current.withLock { $0.role } }

    /// The fence, when this node is a former leader that a newer leader took over from.
    public var fence: LogFence? { current.withLock { $0.fence } }

    /// Whether this node takes writes (and pushes LINE notifications).
    public var isLeader: Bool { role == .leader }

    /// The leader's URL, or nil on the leader.
    public var leaderURL: String? {
        guard case .follower(let url) = role else { return nil }
        return url
    }

    /// Whether this follower is being promoted (the handover runs): its refused writes say "retry here shortly".
    public var isPromoting: Bool { current.withLock { $0.promoting } }

    /// The handover of a promotion starts (true) or ended without one (false).
    public func setPromoting(_ promoting: Bool) { current.withLock { $0.promoting = promoting } }

    /// Becomes the leader (promotion).
    public func promote() { current.withLock { $0 = State(role: .leader, fence: nil) } }

    /// A follower switches to the leader at `url` (failover named a new one); the fence, if any, stays.
    public func follow(_ url: String) {
        current.withLock { state in
            precondition(state.role != .leader, "a leader steps down through a fence, not by following")
            state.role = .follower(leaderURL: url)
        }
    }

    /// Becomes a follower of the leader that fenced this node; false when it was fenced so already.
    public func fence(_ fence: LogFence) -> Bool {
        current.withLock { state in
            guard state.fence != fence else { return false }
            state = State(role: .follower(leaderURL: fence.leaderURL), fence: fence)
            return true
        }
    }
}
