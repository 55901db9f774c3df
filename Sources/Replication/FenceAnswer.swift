/// What the old leader answered to a fence (`POST /v1/replication/fence`), as the promoting follower sees it.
public enum FenceAnswer: Sendable, Equatable {
    /// Fenced: it takes no more writes, and its log ends at this LSN.
    case fenced(lsn: UInt64)
    /// The proposed epoch is not above the old leader's, which is this one.
    case staleEpoch(leaderEpoch: UInt64)
    /// It is not the leader (a follower, or fenced by another node); the leader it names, when it knows one.
    case notLeader(leaderURL: String?)
    /// It does not know fencing (a release before it answers 404): it cannot be told to stop.
    case unsupported
    /// It refused the request (a wrong replication token, or an error on its side), with this status.
    case refused(status: Int)
    /// It could not be reached, and so never got the request (connection refused, no route, connect timeout).
    case unreachable(reason: String)
    /// The request may have reached it, but no answer came back (a timeout or a connection lost after sending): it
    /// may be fenced. The fence is idempotent, so asking again is safe.
    case noAnswer(reason: String)
}

/// The fence request's wire format, shared by the old leader (answering) and the promoting follower (asking).
public enum FenceWire {
    /// The path, under the node's base URL.
    public static let path = "/v1/replication/fence"
    /// The header naming the answering node's epoch in a `stale_epoch` refusal.
    public static let epochHeader = "X-Nailbook-Epoch"
    /// The header naming the leader in a `not_leader` refusal (and in every refused write).
    public static let leaderHeader = "X-Nailbook-Leader"
    /// The problem code of a proposed epoch that is not above the old leader's.
    public static let staleEpochCode = "stale_epoch"
    /// The problem code of a node that is not (or no longer) the leader.
    public static let notLeaderCode = "not_leader"
}
