import Node
import Replication
import WAL

/// The role changes that failover through etcd makes (``FailoverService``): no handover over HTTP, because etcd's
/// lease already guarantees the old leader stopped writing.
extension LeadershipService {
    /// This follower won its group's election at `epoch`: stops tailing and takes writes at that epoch (the lease
    /// gate still decides when). On a refusal by the log it tails again and throws.
    public func promoteElected(epoch: UInt64) async throws(WALError) -> UInt64 {
        guard beginPromotion() else { throw WALError(.notReadOnly, "a promotion of this node is under way") }
        defer { endPromotion() }
        guard let leaderURL = role.leaderURL else { throw WALError(.notReadOnly, "this node leads already") }
        stopFollowing()
        let promoted: UInt64
        do {
            promoted = try await node.promote(minimumEpoch: epoch)
        } catch {
            try? startFollowing(leaderURL)
            throw error
        }
        role.promote()
        logger.notice("promoted by election", metadata: ["epoch": "\(promoted)", "leader.old": "\(leaderURL)"])
        return promoted
    }

    /// A follower tails the leader at `url` from now on (etcd named a new one).
    public func switchLeader(to url: String) throws(FollowerError) {
        guard !role.isLeader, role.leaderURL != url else { return }
        let validated = try Follower.validated(leaderURL: url)
        role.follow(validated)
        try startFollowing(validated)
    }
}
