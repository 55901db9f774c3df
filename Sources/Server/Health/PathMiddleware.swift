import Foundation
import Hummingbird

/// Refuses request paths with empty or dot segments (`//`, `/./`, `/../`, a trailing `/`) before anything routes
/// them: the router skips such segments, so `//v1/…` would reach `/v1/…` while every check on the path's text saw
/// something else. One spelling per route keeps the replica and auth rules honest. A page address typed with a
/// trailing `/` (`GET /book/m/`) is redirected (308) to its one spelling rather than refused.
struct PathMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let raw = request.head.path ?? "/"
        let rawPath = raw.prefix { $0 != "?" && $0 != "#" }
        if request.method == .get || request.method == .head, rawPath.count > 1, rawPath.hasSuffix("/"),
            Self.isCanonical(rawPath.dropLast()), Self.isCanonical(request.uri.path.dropLast())
        {
            let query = raw.dropFirst(rawPath.count)
            return Response(
                status: .permanentRedirect, headers: [.location: String(rawPath.dropLast()) + query])
        }
        guard Self.isCanonical(rawPath), Self.isCanonical(request.uri.path[...]) else {
            throw Problem(
                .badRequest, code: "invalid_path",
                detail: "the path has an empty or dot segment (//, /./, /../ or a trailing /)")
        }
        return try await next(request, context)
    }

    /// Whether `path` is `/`, or `/` followed by segments that are neither empty nor dots (also percent-encoded).
    static func isCanonical(_ path: Substring) -> Bool {
        guard path.first == "/" else { return false }
        if path == "/" { return true }
        for segment in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { return false }
            let decoded = segment.lowercased().replacingOccurrences(of: "%2e", with: ".")
            if decoded == "." || decoded == ".." { return false }
        }
        return true
    }
}
