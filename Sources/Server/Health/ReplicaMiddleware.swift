import Core
import HTTPTypes
import Hummingbird

/// Replica rules for every request. On a follower, every write is refused whatever its path — 403
/// `read_only_replica` with the leader's URL, except LINE's webhook, answered 503 so that LINE delivers it again
/// (to the leader, where the webhook URL should point); only `POST /v1/admin/promote` passes. The follower's log
/// refuses local appends too (`DurabilityError.readOnlyReplica`), so a route this check missed still cannot fork
/// the log: that refusal is answered the same way.
struct ReplicaMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    let role: NodeRole

    static let leaderHeader = HTTPField.Name("X-Nailbook-Leader")!
    static let promotePath = "/v1/admin/promote"
    static let webhookPrefix = "/line/webhook/"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if case .follower(let leaderURL) = role.role, request.method != .get, request.method != .head,
            request.uri.path != Self.promotePath
        {
            throw Self.refusal(path: request.uri.path, leaderURL: leaderURL)
        }
        do {
            return try await next(request, context)
        } catch let error as DurabilityError where error.isReadOnlyReplica {
            guard case .follower(let leaderURL) = role.role else { throw Self.refusal(path: "", leaderURL: nil) }
            throw Self.refusal(path: request.uri.path, leaderURL: leaderURL)
        }
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
