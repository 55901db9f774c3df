import Core
import Foundation
import HTTPTypes
import Hummingbird

/// An RFC 9457 problem: the body of every error answer, as `application/problem+json` with a stable `code`.
public struct Problem: Error, HTTPResponseError, Sendable, Equatable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The stable machine-readable code (`overlap`, `validation_failed`, …).
    public var code: String
    /// A human-readable explanation, never with secrets.
    public var detail: String
    /// The offending field, for validation failures.
    public var field: String?
    /// The booking or hold in the way, for overlaps.
    public var conflictingID: String?
    /// Extra headers (for example `Retry-After`).
    public var headers: HTTPFields = [:]

    /// Creates a problem.
    public init(
        _ status: HTTPResponse.Status,
        code: String,
        detail: String,
        field: String? = nil,
        conflictingID: String? = nil
    ) {
        self.status = status
        self.code = code
        self.detail = detail
        self.field = field
        self.conflictingID = conflictingID
    }

    /// The problem for an engine rejection.
    public init(_ rejection: Rejection) {
        self.init(
            Self.status(for: rejection.code),
            code: rejection.code.rawValue,
            detail: rejection.detail,
            field: rejection.field,
            conflictingID: rejection.conflictingID
        )
    }

    /// A validation failure on one field.
    public static func invalid(_ field: String, _ detail: String) -> Problem {
        Problem(.badRequest, code: "validation_failed", detail: detail, field: field)
    }

    /// A missing resource (also used for another merchant's resources).
    public static func notFound(_ what: String) -> Problem {
        Problem(.notFound, code: "not_found", detail: "\(what) not found")
    }

    /// Missing or invalid credentials.
    public static let unauthorized = Problem(
        .unauthorized,
        code: "unauthorized",
        detail: "a valid bearer token is required"
    )

    /// The log did not acknowledge a write. The detail is fixed text per code (the reason, which may name files,
    /// goes to the log only): `durability_unavailable` when the outcome is unknown, `overloaded` and
    /// `shutting_down` (with `Retry-After`) when nothing was written.
    public init(_ error: DurabilityError) {
        switch error.code {
        case .overloaded:
            self.init(
                .serviceUnavailable, code: error.code.rawValue,
                detail: "the write queue is full and nothing was written: retry later")
            headers[.retryAfter] = "1"
        case .closed:
            self.init(
                .serviceUnavailable, code: error.code.rawValue,
                detail: "the server is shutting down and nothing was written: retry later")
            headers[.retryAfter] = "1"
        case .tooLarge:
            self.init(.contentTooLarge, code: error.code.rawValue, detail: "the change is too large to record")
        default:
            self.init(
                .serviceUnavailable, code: error.code.rawValue,
                detail: "the log failed: the change may or may not have been recorded; writes are refused until "
                    + "the node is restarted; retry with the same Idempotency-Key once /health is ok")
        }
    }

    static func status(for code: Rejection.Code) -> HTTPResponse.Status {
        switch code {
        case .validationFailed: return .badRequest
        case .notFound: return .notFound
        case .overlap, .invalidStateTransition, .concurrentModification, .idempotencyKeyInUse, .duplicate,
            .cancellationDeadlinePassed, .merchantSuspended, .resourceUnavailable:
            return .conflict
        case .customerBlocked: return .forbidden
        case .holdExpired: return .gone
        case .outsideWorkingHours, .outsideBookingWindow, .idempotencyConflict: return .unprocessableContent
        default: return .unprocessableContent
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The JSON body.
    var body: [UInt8] {
        var json = JSONWriter()
        json.object { object in
            object.field("type", "https://nailbook.dev/problems/\(code.replacingOccurrences(of: "_", with: "-"))")
            object.field("title", status.reasonPhrase)
            object.field("status", status.code)
            object.field("detail", detail)
            object.field("code", code)
            if let field { object.field("field", field) }
            if let conflictingID { object.field("conflictingId", conflictingID) }
        }
        return json.bytes
    }
}
