import Core
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into an `application/problem+json` answer with a stable code: rejections, bad input,
/// unknown routes, lost durability. Anything unexpected is logged and answered 500 without details.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as DurabilityError where error.isReadOnlyReplica {
            throw Problem(.forbidden, code: DurabilityError.readOnlyReplicaCode, detail: error.reason)
        } catch let error as DurabilityError where error.isNotLeader {
            throw ReplicaMiddleware.notLeader(leaderURL: error.leaderURL)
        } catch let error as DurabilityError {
            context.logger.error(
                "write not acknowledged by the log",
                metadata: ["durability.code": "\(error.code)", "durability.reason": "\(error.reason)"])
            throw Problem(error)
        } catch let error as HTTPError {
            throw Self.problem(for: error)
        } catch let error as any HTTPResponseError {
            throw Problem(error.status, code: "http_\(error.status.code)", detail: error.status.reasonPhrase)
        } catch is CancellationError {
            throw Problem(.serviceUnavailable, code: "shutting_down", detail: "the server is shutting down")
        } catch {
            context.logger.error("unexpected error", metadata: ["error.type": "\(type(of: error))"])
            throw Problem(.internalServerError, code: "internal", detail: "an unexpected error happened")
        }
    }

    static func problem(for error: HTTPError) -> Problem {
        switch error.status {
        case .notFound: return Problem(.notFound, code: "not_found", detail: "no such resource")
        case .methodNotAllowed:
            return Problem(.methodNotAllowed, code: "method_not_allowed", detail: "this method is not allowed here")
        case .contentTooLarge:
            return Problem(.contentTooLarge, code: "payload_too_large", detail: "the request body is too large")
        case .badRequest: return Problem.invalid("body", error.body ?? "the request is malformed")
        default:
            return Problem(error.status, code: "http_\(error.status.code)", detail: error.status.reasonPhrase)
        }
    }
}
