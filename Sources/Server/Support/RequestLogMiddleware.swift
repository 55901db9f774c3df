import HTTPTypes
import Hummingbird
import Logging

/// Logs every request with its request id (fixed message text; the data goes in metadata), and hands the id back
/// in `X-Request-Id` so a client report can be matched with the server's log. Never logs headers or bodies, which
/// may carry tokens.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    static let requestIDHeader = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        let requestID = context.id
        do {
            var response = try await next(request, context)
            response.headers[Self.requestIDHeader] = requestID
            log(request, context, status: response.status.code, since: started)
            return response
        } catch let error as any HTTPResponseError {
            log(request, context, status: error.status.code, since: started)
            var response = try error.response(from: request, context: context)
            response.headers[Self.requestIDHeader] = requestID
            return response
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let level: Logger.Level = status >= 500 ? .error : .debug
        context.logger.log(
            level: level,
            "request",
            metadata: [
                "http.method": "\(request.method.rawValue)",
                "http.route": "\(context.endpointPath ?? "unmatched")",
                "http.status": "\(status)",
                "duration.ms":
                    "\(elapsed.inSeconds * 1000)",
            ]
        )
    }
}
