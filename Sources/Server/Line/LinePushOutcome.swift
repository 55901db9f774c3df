import Foundation

/// What LINE did with a push or reply request: the outbox decides from this whether to retry, wait or give up.
enum LinePushOutcome: Sendable, Equatable {
    /// 2xx: LINE accepted the messages.
    case accepted
    /// 409: a request with this retry key was already accepted, so the messages went out earlier.
    case alreadyAccepted
    /// 429 (rate limit): wait `retryAfter` (from `Retry-After` seconds) or back off when absent.
    case rateLimited(retryAfter: Duration?)
    /// 429 whose message says the channel's monthly message quota is used up; retrying this month is pointless.
    case monthlyLimitReached
    /// 5xx: LINE failed; the messages may or may not have gone out, so retry with the same key.
    case serverError(status: Int)
    /// No answer within the request timeout; the messages may have gone out, so retry with the same key.
    case timedOut
    /// The connection failed (refused, reset, TLS, oversized answer); a connection broken mid-exchange may still have
    /// delivered, so retry with the same key. The reason never holds the token.
    case transportFailed(reason: String)
    /// 400 and other 4xx: LINE refused the request as invalid; `message` is LINE's `message` field.
    case rejected(status: Int, message: String)
    /// 401 or 403: the channel access token is invalid, expired or lacks permission.
    case unauthorized(status: Int)

    /// The longest `message` or `reason` kept, so one odd answer cannot grow a stored record without bound.
    static let messageLengthMax = 300

    /// Classifies one HTTP answer from the push or reply endpoint.
    ///
    /// `redacting` is removed from any text taken from the answer (pass the channel access token), so the outcome can
    /// be logged and stored safely even if an intermediary echoed the request back.
    static func classify(status: Int, retryAfterHeader: String?, body: [UInt8], redacting secret: String)
        -> LinePushOutcome
    {
        switch status {
        case 200..<300:
            return .accepted
        case 409:
            return .alreadyAccepted
        case 429:
            let message = lineMessage(in: body) ?? ""
            if message.lowercased().contains("monthly limit") { return .monthlyLimitReached }
            return .rateLimited(retryAfter: retryAfter(retryAfterHeader))
        case 401, 403:
            return .unauthorized(status: status)
        case 500..<600:
            return .serverError(status: status)
        default:
            let message = lineMessage(in: body) ?? "HTTP \(status)"
            return .rejected(status: status, message: sanitized(message, redacting: secret))
        }
    }

    /// The whole seconds of a `Retry-After` header; nil for an absent, negative or HTTP-date value.
    static func retryAfter(_ header: String?) -> Duration? {
        guard let header, let seconds = Int64(header.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            return nil
        }
        return .seconds(min(seconds, 86_400))
    }

    /// LINE's error answers are `{"message": "...", "details": [...]}`; returns the `message` field.
    static func lineMessage(in body: [UInt8]) -> String? {
        guard !body.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let message = object["message"] as? String
        else { return nil }
        return message
    }

    /// Removes the secret and caps the length.
    static func sanitized(_ text: String, redacting secret: String) -> String {
        var text = text
        if !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "[redacted]") }
        if text.count > messageLengthMax { text = String(text.prefix(messageLengthMax)) + "…" }
        return text
    }
}
