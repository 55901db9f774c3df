import Hummingbird

/// Counts every request by method, route pattern (not the raw path, so ids don't explode the label set) and status.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let seconds = (ContinuousClock.now - started).inSeconds
            let route = context.endpointPath ?? "unmatched"
            metrics.request(method: request.method.rawValue, route: route, status: status, seconds: seconds)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}

/// `GET /metrics`: the Prometheus text format.
/// With a metrics token configured (`NAILBOOK_METRICS_TOKEN`), only `Authorization: Bearer <that token>` reads
/// it (the labels name merchants); else 401 `unauthorized`.
struct MetricsController: Sendable {
    let metrics: ServerMetrics
    /// The SHA-256 digest of the metrics token; empty: `/metrics` is open.
    let tokenDigest: [UInt8]
    let refresh: @Sendable () -> Void

    func register(on router: Router<some RequestContext>) {
        router.get("/metrics") { request, _ in
            if !tokenDigest.isEmpty {
                guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
                    TokenDigest.equal(TokenDigest.of(String(header.dropFirst("Bearer ".count))), tokenDigest)
                else { throw Problem.unauthorized }
            }
            refresh()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer()))
            )
        }
    }
}
