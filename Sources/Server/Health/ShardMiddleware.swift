import HTTPTypes
import Hummingbird

/// Salons spread over leader groups (docs/scaling.md): a request for a salon that another group holds — its API
/// (`/v1/merchants/{id}…`), its booking pages (`/book/{id}…`) or its LINE webhook (`/line/webhook/{id}`) — is
/// answered `307` to that group's leader (same path and query; the method and body are kept), with
/// `X-Nailbook-Leader`; while that group has no leader, `503 salon_elsewhere` with `Retry-After`. Nothing is read or
/// written here for it. HAProxy's map sends such requests to the right group in the first place; this covers the
/// moments its map is behind.
struct ShardMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    let shards: ShardDirectory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let merchantID = Self.merchantID(in: request.uri.path), let owner = shards.elsewhere(merchantID) {
            throw Self.elsewhere(owner.leaderURL, group: owner.group, request.uri.path, query: request.uri.query)
        }
        return try await next(request, context)
    }

    /// The salon a path is about: `/v1/merchants/{id}…`, `/book/{id}…`, `/line/webhook/{id}`.
    static func merchantID(in path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count >= 4, parts[1] == "v1", parts[2] == "merchants" { return String(parts[3]) }
        if parts.count >= 3, parts[1] == "book" { return String(parts[2]) }
        if parts.count >= 4, parts[1] == "line", parts[2] == "webhook" { return String(parts[3]) }
        return nil
    }

    /// The answer for a request that belongs to `group`, led from `leaderURL`.
    static func elsewhere(_ leaderURL: String?, group: String, _ path: String, query: String?) -> Problem {
        guard let leaderURL else {
            var problem = Problem(
                .serviceUnavailable, code: "salon_elsewhere",
                detail: "this salon is held by the group \(group), which has no leader right now: retry in a moment")
            problem.headers[.retryAfter] = "1"
            return problem
        }
        var problem = Problem(
            .temporaryRedirect, code: "salon_elsewhere",
            detail: "this salon is held by the group \(group): its leader answers it")
        problem.headers[.location] = leaderURL + path + (query.map { "?\($0)" } ?? "")
        problem.headers[ReplicaMiddleware.leaderHeader] = leaderURL
        return problem
    }
}
