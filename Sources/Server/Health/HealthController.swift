import Core
import Hummingbird

/// What `/health` reports about the node's log.
public struct LogHealth: Sendable {
    /// The LSN of the last durable record.
    public var durableLSN: UInt64
    /// Why the log refuses writes, if it does.
    public var failure: String?

    /// Creates a report.
    public init(durableLSN: UInt64, failure: String? = nil) {
        self.durableLSN = durableLSN
        self.failure = failure
    }
}

/// `GET /health`: whether this node accepts writes, its role, its epoch and how far its log has got; on a follower,
/// the leader and the lag; on a former leader that a newer leader fenced, `fenced` and the fence's epoch (it is a
/// follower of that leader). No auth, no secrets.
struct HealthController: Sendable {
    let engine: BookingEngine
    let hooks: NodeHooks

    /// `/health` is public: the failure itself (which names files) is only in the server's log.
    static let logFailureReason =
        "writes are refused: the log stopped after a failed write or sync (the server log says why)"

    /// Why a node with failover is not healthy: a leader without the lease takes no writes; a node that cannot
    /// follow the group's leader says why.
    static func failoverProblem(_ status: FailoverStatus, _ role: NodeRole) -> String? {
        if let problem = status.problem { return problem }
        if role.isLeader && !status.holdsLease {
            return "this node does not hold its group's leadership lease, so it takes no writes"
                + (status.etcdReachable ? "" : " (etcd does not answer)")
        }
        return nil
    }

    func register(on router: Router<some RequestContext>) {
        router.get("/health") { _, _ in
            let applied = engine.store.appliedLSN
            let log = hooks.logHealth()
            let replication = hooks.replication()
            let failover = hooks.failover?()
            let reason =
                log.failure != nil
                ? Self.logFailureReason
                : replication?.problem ?? failover.flatMap { Self.failoverProblem($0, hooks.role) }
            return JSONResponse.make(reason == nil ? .ok : .serviceUnavailable) { json in
                json.object { json in
                    json.field("status", reason == nil ? "ok" : "unavailable")
                    json.field("role", replication == nil ? "leader" : "follower")
                    json.field("appliedLsn", applied)
                    json.field("durableLsn", log.durableLSN)
                    if let node = hooks.replicationSource { json.field("epoch", node.log.wal.lastEpoch) }
                    if let fence = hooks.role.fence {
                        json.field("fenced", true)
                        json.field("fenceEpoch", fence.epoch)
                    }
                    json.field("version", ServerConfiguration.version)
                    if let reason { json.field("reason", reason) }
                    if hooks.role.isLeader && hooks.replicaAcks.required > 0 {
                        json.field("syncReplicas") { json in
                            json.object { json in
                                json.field("required", hooks.replicaAcks.required)
                                json.field("confirming", hooks.replicaAcks.confirming)
                            }
                        }
                    }
                    if let failover {
                        json.field("failover") { json in
                            json.object { json in
                                json.field("group", failover.group)
                                json.field("holdsLease", failover.holdsLease)
                                json.field("etcd", failover.etcdReachable ? "reachable" : "unreachable")
                                if let leader = failover.leaderURL { json.field("leader", leader) }
                            }
                        }
                    }
                    if let replication {
                        json.field("leader", replication.leaderURL)
                        if replication.leaderReached {
                            json.field("leaderLsn", replication.leaderLSN)
                            json.field("lagRecords", replication.lagRecords)
                            json.field("lagSeconds", replication.lagSeconds)
                        } else {
                            // Never heard from the leader: the lag is unknown, not 0.
                            json.field("leaderLsn") { $0.raw("null") }
                            json.field("lagRecords") { $0.raw("null") }
                            json.field("lagSeconds") { $0.raw("null") }
                        }
                        json.field("connection", replication.connection)
                    }
                }
            }
        }
    }
}
