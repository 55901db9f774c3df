import Node
import WAL

/// What the HTTP layer needs to know about the node around it, beyond the engine.
public struct NodeHooks: Sendable {
    /// The log's health (durable LSN, failure).
    public var logHealth: @Sendable () -> LogHealth
    /// Leader or follower.
    public var role: NodeRole
    /// The follower's replication figures; nil on a leader.
    public var replication: @Sendable () -> ReplicationStatus?
    /// Makes this follower the leader (stop tailing, new epoch); nil where promotion is not possible.
    public var promote: (@Sendable () async throws -> UInt64)?
    /// How long a read with `X-Nailbook-Min-LSN` may wait.
    public var minLSNWait: Duration
    /// The node whose log followers may tail (`/v1/replication/…`); nil serves no replication.
    public var replicationSource: Node?
    /// How often the replication stream carries a heartbeat.
    public var heartbeatInterval: Duration = .milliseconds(500)

    /// Creates the hooks; a plain leader needs only its log health.
    public init(
        logHealth: @escaping @Sendable () -> LogHealth,
        role: NodeRole = NodeRole(.leader),
        replication: @escaping @Sendable () -> ReplicationStatus? = { nil },
        promote: (@Sendable () async throws -> UInt64)? = nil,
        minLSNWait: Duration = .seconds(2),
        replicationSource: Node? = nil
    ) {
        self.replicationSource = replicationSource
        self.logHealth = logHealth
        self.role = role
        self.replication = replication
        self.promote = promote
        self.minLSNWait = minLSNWait
    }
}
