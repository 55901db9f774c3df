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
    /// A scan of the bytes: this runs twice for every request.
    static func isCanonical(_ path: Substring) -> Bool {
        let bytes = path.utf8
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        var segmentStart = bytes.index(after: bytes.startIndex)
        var index = segmentStart
        while true {
            if index == bytes.endIndex || bytes[index] == UInt8(ascii: "/") {
                let segment = bytes[segmentStart..<index]
                if segment.isEmpty || isDotSegment(segment) { return false }
                if index == bytes.endIndex { return true }
                segmentStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
    }

    /// Whether a segment is `.` or `..`, each dot written as `.` or `%2e` / `%2E`.
    private static func isDotSegment(_ segment: Substring.UTF8View.SubSequence) -> Bool {
        var dots = 0
        var index = segment.startIndex
        while index != segment.endIndex {
            if segment[index] == UInt8(ascii: ".") {
                index = segment.index(after: index)
            } else if segment[index] == UInt8(ascii: "%"), segment.distance(from: index, to: segment.endIndex) >= 3,
                segment[segment.index(index, offsetBy: 1)] == UInt8(ascii: "2"),
                segment[segment.index(index, offsetBy: 2)] | 0x20 == UInt8(ascii: "e")
            {
                index = segment.index(index, offsetBy: 3)
            } else {
                return false
            }
            dots += 1
            if dots > 2 { return false }
        }
        return dots > 0
    }
}
