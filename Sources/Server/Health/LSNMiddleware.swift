import Core
import HTTPTypes
import Hummingbird

/// Tags answers with `X-Nailbook-Applied-LSN` (the state they were read from) and writes with `X-Nailbook-LSN`
/// (the LSN of the record the request committed).
struct LSNMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    let engine: BookingEngine

    static let lsnHeader = HTTPField.Name("X-Nailbook-LSN")!
    static let appliedHeader = HTTPField.Name("X-Nailbook-Applied-LSN")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let recorder = CommitRecorder()
        var response: Response
        do {
            response = try await CommitRecorder.$current.withValue(recorder) { try await next(request, context) }
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        let applied = engine.store.appliedLSN
        if let lsn = recorder.lsn {
            response.headers[Self.lsnHeader] = String(lsn)
        } else if request.method != .get && request.method != .head && response.status.code < 300 {
            response.headers[Self.lsnHeader] = String(applied)  // an idempotent replay: its record is older
        }
        response.headers[Self.appliedHeader] = String(applied)
        return response
    }
}
