import Node
import Replication
import WAL

/// What the HTTP layer needs to know about the node around it, beyond the engine.
public struct NodeHooks: Sendable {
    /// The log's health (durable LSN, failure).
    public var logHealth: @Sendable () -> LogHealth
    /// Leader or follower.
    public var role: NodeRole
    /// The follower's replication figures; nil on a leader.
    public var replication: @Sendable () -> ReplicationStatus?
    /// Makes this follower the leader (fence the old leader, catch up, stop tailing, new epoch); nil where
    /// promotion is not possible.
    public var promote: (@Sendable () async throws(PromotionError) -> Promotion)?
    /// Fences this leader for a newer one (`POST /v1/replication/fence`); nil where fencing is not possible.
    public var fence: (@Sendable (LogFence) async throws(FenceRefusal) -> UInt64)?
    /// How long a read with `X-Nailbook-Min-LSN` may wait.
    public var minLSNWait: Duration
    /// The node whose log followers may tail (`/v1/replication/…`); nil serves no replication.
    public var replicationSource: Node?
    /// How often the replication stream carries a heartbeat.
    public var heartbeatInterval: Duration = .milliseconds(500)
    /// The followers streaming from this node.
    public var followers = FollowerRegistry()
    /// The leadership lease of failover through etcd (writes only while it holds); nil without failover.
    public var writeLease: WriteLease?
    /// Synchronous replication: the followers' reports and how many must hold a write before it is answered.
    public var replicaAcks = ReplicaAcks(required: 0)
    /// How long a write waits for its synchronous followers.
    public var syncReplicationTimeout: Duration = .seconds(5)
    /// The shard map (salons over leader groups); nil without failover.
    public var shards: ShardDirectory?
    /// The failover's figures for `/health`; nil without failover.
    public var failover: (@Sendable () -> FailoverStatus)?

    /// Creates the hooks; a plain leader needs only its log health.
    public init(
        logHealth: @escaping @Sendable () -> LogHealth,
        role: NodeRole = NodeRole(.leader),
        replication: @escaping @Sendable () -> ReplicationStatus? = { nil },
        promote: (@Sendable () async throws(PromotionError) -> Promotion)? = nil,
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

extension NodeHooks {
    /// The hooks of a node whose role changes go through `leadership`: its role, its follower's figures,
    /// promotion, and fencing by a newer leader; its log serves replication.
    public init(node: Node, leadership: LeadershipService) {
        self.init(
            logHealth: { node.logHealth },
            role: leadership.role,
            replication: { leadership.replication },
            promote: { () async throws(PromotionError) -> Promotion in try await leadership.promote() },
            replicationSource: node
        )
        fence = { fence async throws(FenceRefusal) -> UInt64 in try await leadership.acceptFence(fence) }
    }
}
