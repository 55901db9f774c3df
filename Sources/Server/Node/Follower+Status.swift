import Replication

extension Follower {
    /// The figures `/health` and `/metrics` show.
    var replicationStatus: ReplicationStatus {
        let status = status
        var report = ReplicationStatus(
            leaderURL: leaderURL,
            leaderLSN: status.leaderLSN,
            lagRecords: status.lagRecords,
            lagSeconds: status.lagSeconds,
            connection: status.phase.rawValue
        )
        report.reconnects = status.reconnects
        report.bytes = status.bytes
        report.leaderReached = status.leaderReached
        if status.phase != .stopped, let failure = status.failure, failure.code == .refused || !status.leaderReached {
            // The message may name the leader's address; /health shows only what kind of failure it is.
            report.problem =
                failure.code == .refused
                ? "the leader refuses this follower (\(failure.message)): check NAILBOOK_REPLICATION_TOKEN and --follow"
                : "the leader has not been reached yet (\(failure.code))"
        } else if !status.leaderReached && status.phase != .stopped {
            report.problem = "the leader has not been reached yet"
        }
        return report
    }
}
