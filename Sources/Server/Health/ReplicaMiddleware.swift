import Core
import HTTPTypes
import Hummingbird
import Node
import Replication

/// Replica rules for every request. On a follower, every write is refused whatever its path — 403
/// `read_only_replica` with the leader's URL, except LINE's webhook, answered 503 so that LINE delivers it again
/// (to the leader, where the webhook URL should point); only `POST /v1/admin/promote` and a newer leader's fence
/// pass. On a former leader that a newer leader fenced, the refusal is `503 not_leader` with the new leader's URL
/// (and `Retry-After`): the client's write belongs there; on a follower being promoted, `503 promotion_in_progress`
/// (retry here in a moment). The log refuses local appends too
/// (`DurabilityError.readOnlyReplica`, `.notLeader`), so a route this check missed still cannot fork the log: that
/// refusal is answered the same way.
struct ReplicaMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    let role: NodeRole
    /// The leadership lease a leader needs for writes (failover through etcd); nil: none needed.
    var lease: WriteLease?

    static let leaderHeader = HTTPField.Name("X-Nailbook-Leader")!
    static let promotePath = "/v1/admin/promote"
    static let fencePath = FenceWire.path
    static let webhookPrefix = "/line/webhook/"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if case .follower(let leaderURL) = role.role, request.method != .get, request.method != .head,
            request.uri.path != Self.promotePath, request.uri.path != Self.fencePath
        {
            // A fenced former leader, or any follower of a group that fails over by itself (a load balancer may send
            // a write here for a moment): retry on the leader.
            if role.fence != nil || lease != nil { throw Self.notLeader(leaderURL: leaderURL) }
            if role.isPromoting { throw Self.promoting }
            throw Self.refusal(path: request.uri.path, leaderURL: leaderURL)
        }
        let checksLease =
            lease != nil && request.method != .get && request.method != .head
            && request.uri.path != Self.promotePath && request.uri.path != Self.fencePath
        if checksLease, lease?.allowsWrites == false { throw Self.leaseNotHeld }
        do {
            let response = try await next(request, context)
            // The lease lapsed while the write ran: it may be in this node's log, which a new leader may not have.
            if checksLease, lease?.allowsWrites == false, response.status.code < 400 { throw Self.leaseLapsed }
            return response
        } catch let error as DurabilityError where error.isNotLeader {
            throw Self.notLeader(leaderURL: error.leaderURL ?? role.fence?.leaderURL)
        } catch let error as DurabilityError where error.isReadOnlyReplica {
            guard case .follower(let leaderURL) = role.role else { throw Self.refusal(path: "", leaderURL: nil) }
            throw Self.refusal(path: request.uri.path, leaderURL: leaderURL)
        }
    }

    /// The answer to a write on a follower whose promotion is under way: nothing was written; it takes writes in a
    /// moment (a client sent here by the fenced old leader retries here).
    static var promoting: Problem {
        var problem = Problem(
            .serviceUnavailable, code: "promotion_in_progress",
            detail: "this node is being promoted to leader and takes writes in a moment: retry here")
        problem.headers[.retryAfter] = "1"
        return problem
    }

    /// The answer to a write on a former leader: nothing was written; retry on the new leader (LINE's webhook too:
    /// a 503 makes LINE deliver it again).
    static func notLeader(leaderURL: String?) -> Problem {
        var problem = Problem(
            .serviceUnavailable, code: DurabilityError.Code.notLeader.rawValue,
            detail:
                "this node is not the leader (a newer leader took over, or it follows the group's leader), so nothing was written: retry on the leader"
                + (leaderURL.map { " at \($0) (X-Nailbook-Leader)" } ?? ""))
        problem.headers[.retryAfter] = "1"
        if let leaderURL { problem.headers[Self.leaderHeader] = leaderURL }
        return problem
    }

    /// The answer to a write on a leader that does not hold its group's leadership lease (failover through etcd):
    /// nothing was written; the group's leader is the one etcd names (or will be, within a lease's time).
    static var leaseNotHeld: Problem {
        var problem = Problem(
            .serviceUnavailable, code: DurabilityError.Code.notLeader.rawValue,
            detail: "this node does not hold its group's leadership lease, so nothing was written: retry on the leader")
        problem.headers[.retryAfter] = "1"
        return problem
    }

    /// The answer to a write that finished after this node's leadership lease lapsed: it may or may not be kept
    /// (a new leader may not have it); retry with the same `Idempotency-Key` on the leader.
    static var leaseLapsed: Problem {
        var problem = Problem(
            .serviceUnavailable, code: "leadership_lapsed",
            detail:
                "this node's leadership lease lapsed while the write ran: its outcome is unknown; retry with the same Idempotency-Key on the leader"
        )
        problem.headers[.retryAfter] = "1"
        return problem
    }

    /// The answer to a write on a read-only replica.
    static func refusal(path: String, leaderURL: String?) -> Problem {
        var problem: Problem
        if path.hasPrefix(webhookPrefix) {
            problem = Problem(
                .serviceUnavailable, code: DurabilityError.readOnlyReplicaCode,
                detail: "this node is a read replica; LINE should deliver this webhook to the leader")
            problem.headers[.retryAfter] = "1"
        } else {
            problem = Problem(
                .forbidden, code: DurabilityError.readOnlyReplicaCode,
                detail: "this node is a read replica; send writes to the leader")
        }
        if let leaderURL { problem.headers[Self.leaderHeader] = leaderURL }
        return problem
    }
}
