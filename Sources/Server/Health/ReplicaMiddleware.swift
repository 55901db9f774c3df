import Core
import HTTPTypes
import Hummingbird

/// Replica rules for every request: `X-Nailbook-Min-LSN` waits (up to a timeout) until this node has applied that
/// LSN, else 503 `replica_lagging`; on a follower, writes answer 403 `read_only_replica` with the leader's URL.
struct ReplicaMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    let engine: BookingEngine
    let role: NodeRole
    let waitTimeout: Duration

    static let minLSNHeader = HTTPField.Name("X-Nailbook-Min-LSN")!
    static let leaderHeader = HTTPField.Name("X-Nailbook-Leader")!
    static let promotePath = "/v1/admin/promote"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if case .follower(let leaderURL) = role.role, request.method != .get, request.method != .head,
            request.uri.path.hasPrefix("/v1/"), request.uri.path != Self.promotePath
        {
            var problem = Problem(
                .forbidden,
                code: "read_only_replica",
                detail: "this node is a read replica; send writes to the leader"
            )
            problem.headers[Self.leaderHeader] = leaderURL
            throw problem
        }
        if let text = request.headers[Self.minLSNHeader] {
            guard let lsn = UInt64(text) else {
                throw Problem.invalid("X-Nailbook-Min-LSN", "X-Nailbook-Min-LSN must be a whole number")
            }
            guard await engine.store.appliedWatch.wait(for: lsn, timeout: waitTimeout) else {
                throw Problem(
                    .serviceUnavailable,
                    code: "replica_lagging",
                    detail: "this node has not yet applied LSN \(lsn); retry or read from the leader"
                )
            }
        }
        return try await next(request, context)
    }
}
