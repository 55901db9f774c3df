import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The LINE Messaging API calls Nailbook makes: push, reply and profile, over AsyncHTTPClient.
///
/// Every failure becomes a value (`LinePushOutcome`, or nil for a profile); nothing throws, and no outcome, reason or
/// log line ever contains the channel access token.
final class LineClient: Sendable {
    let configuration: LineClientConfiguration
    private let httpClient: HTTPClient
    private let apiBase: String

    /// Creates a client; the caller owns `httpClient` and shuts it down.
    init(configuration: LineClientConfiguration, httpClient: HTTPClient) {
        precondition(configuration.requestTimeout > .zero, "the LINE request timeout must be positive")
        precondition(configuration.responseBodyLimitBytes > 0, "the LINE answer limit must be positive")
        self.configuration = configuration
        self.httpClient = httpClient
        var base = configuration.apiBase
        while base.hasSuffix("/") { base.removeLast() }
        apiBase = base
    }

    /// Sends `messagesJSON` (a JSON array of up to 5 message objects, spliced in verbatim) to one user.
    ///
    /// `retryKey` (a UUID) goes in `X-Line-Retry-Key`: resending with the same key after a timeout or 5xx never
    /// delivers twice, LINE answers 409 instead. A `messagesJSON` that is not an array is refused locally as
    /// `.rejected(status: 0, …)` without calling LINE.
    func push(channelAccessToken: String, to userId: String, messagesJSON: [UInt8], retryKey: String) async
        -> LinePushOutcome
    {
        await sendMessages(
            messagesJSON, path: "/v2/bot/message/push", recipient: ("to", userId), token: channelAccessToken,
            headers: [("X-Line-Retry-Key", retryKey)])
    }

    /// Answers a webhook event with its reply token (free of charge, but the token is single-use and short-lived).
    ///
    /// The reply endpoint takes no retry key; LINE answers a reused or expired token with 400 (`.rejected`).
    func reply(channelAccessToken: String, replyToken: String, messagesJSON: [UInt8]) async -> LinePushOutcome {
        await sendMessages(
            messagesJSON, path: "/v2/bot/message/reply", recipient: ("replyToken", replyToken),
            token: channelAccessToken, headers: [])
    }

    /// Posts `{"<recipient field>": …, "messages": <messagesJSON>}` to a message endpoint.
    private func sendMessages(
        _ messagesJSON: [UInt8],
        path: String,
        recipient: (field: String, value: String),
        token: String,
        headers: [(String, String)]
    ) async -> LinePushOutcome {
        guard Self.isJSONArray(messagesJSON) else {
            return .rejected(status: 0, message: "messages must be a JSON array")
        }
        var writer = JSONWriter(capacity: messagesJSON.count + recipient.value.utf8.count + 40)
        writer.object { body in
            body.field(recipient.field, recipient.value)
            body.key("messages")
            body.rawJSON(messagesJSON)
        }
        let exchange = await send(.POST, path: path, token: token, body: writer.bytes, headers: headers)
        return outcome(of: exchange, token: token)
    }

    /// The user's display name and picture, or nil when LINE has no profile for them (not a friend, blocked) or the
    /// call failed in any way.
    func profile(channelAccessToken: String, userId: String) async -> LineProfile? {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        guard let encoded = userId.addingPercentEncoding(withAllowedCharacters: allowed), !encoded.isEmpty else {
            return nil
        }
        let exchange = await send(
            .GET,
            path: "/v2/bot/profile/" + encoded,
            token: channelAccessToken,
            body: nil,
            headers: []
        )
        guard case .answered(let status, _, let body) = exchange, status == 200,
            let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let displayName = object["displayName"] as? String
        else { return nil }
        return LineProfile(displayName: displayName, pictureURL: object["pictureUrl"] as? String)
    }

    /// One finished HTTP exchange, or why there was none.
    private enum Exchange {
        case answered(status: Int, retryAfter: String?, body: [UInt8])
        case timedOut
        case transportFailed(reason: String)
    }

    private func outcome(of exchange: Exchange, token: String) -> LinePushOutcome {
        switch exchange {
        case .answered(let status, let retryAfter, let body):
            return LinePushOutcome.classify(status: status, retryAfterHeader: retryAfter, body: body, redacting: token)
        case .timedOut:
            return .timedOut
        case .transportFailed(let reason):
            return .transportFailed(reason: LinePushOutcome.sanitized(reason, redacting: token))
        }
    }

    private func send(
        _ method: HTTPMethod,
        path: String,
        token: String,
        body: [UInt8]?,
        headers: [(String, String)]
    ) async -> Exchange {
        var request = HTTPClientRequest(url: apiBase + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer " + token)
        request.headers.add(name: "User-Agent", value: "nailbook")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        do {
            let timeout = Self.timeAmount(configuration.requestTimeout)
            let response = try await httpClient.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: configuration.responseBodyLimitBytes)
            return .answered(
                status: Int(response.status.code),
                retryAfter: response.headers.first(name: "Retry-After"),
                body: Array(buffer.readableBytesView)
            )
        } catch {
            // AsyncHTTPClient keeps retrying a refused connection until the deadline and then reports the last
            // connection error: that is a transport failure (after the full timeout), not a timeout.
            if Self.isTimeout(error) { return .timedOut }
            return .transportFailed(reason: Self.describe(error))
        }
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return error == .deadlineExceeded || error == .readTimeout || error == .writeTimeout
    }

    /// A short, token-free description: error types name the failure, and the token only ever lives in a header.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return String(describing: error) }
        if error is NIOTooManyBytesError { return "the answer was larger than the configured limit" }
        return "\(type(of: error)): \(error)"
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let limited = min(seconds, 86_400)
        return .nanoseconds(limited * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// Whether the first non-blank byte opens an array.
    private static func isJSONArray(_ json: [UInt8]) -> Bool {
        let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        return json.first { !blank.contains($0) } == UInt8(ascii: "[")
    }
}
