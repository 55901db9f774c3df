import Core
import HTTPTypes
import Hummingbird

/// Read-your-writes on `/v1`, after authentication (so that no anonymous caller can park waiters):
/// `X-Nailbook-Min-LSN` waits, up to a timeout, until this node has applied that LSN, else 503 `replica_lagging`.
struct MinLSNMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    let engine: BookingEngine
    let waitTimeout: Duration

    static let minLSNHeader = HTTPField.Name("X-Nailbook-Min-LSN")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
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
