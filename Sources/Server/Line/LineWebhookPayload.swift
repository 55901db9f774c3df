import Foundation

/// Parses the JSON body of a LINE webhook (`{"destination": …, "events": [...]}`) into events.
///
/// Parse only after `LineSignature.isValid` accepted the raw bytes. An empty `events` array is valid (LINE sends one
/// to check the endpoint). Unknown event types become `.other`; an event without `webhookEventId`, `type` or
/// `timestamp`, or a postback without `data`, makes the whole body invalid.
enum LineWebhookPayload {
    /// The most events accepted in one body; LINE batches a handful, so more means the body is not from LINE.
    static let eventCountMax = 1_000

    /// The events in `body`, in the order LINE sent them.
    static func parse(_ body: [UInt8]) throws(LineWebhookPayloadError) -> [LineWebhookEvent] {
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: Data(body))
        } catch {
            throw LineWebhookPayloadError(message: Self.explain(error), eventIndex: nil)
        }
        guard payload.events.count <= eventCountMax else {
            throw LineWebhookPayloadError(
                message: "\(payload.events.count) events exceed the limit of \(eventCountMax)",
                eventIndex: nil
            )
        }
        var events: [LineWebhookEvent] = []
        events.reserveCapacity(payload.events.count)
        for (index, raw) in payload.events.enumerated() {
            events.append(try event(raw, index: index))
        }
        return events
    }

    private static func event(_ raw: RawEvent, index: Int) throws(LineWebhookPayloadError) -> LineWebhookEvent {
        guard let id = raw.webhookEventId, !id.isEmpty else {
            throw LineWebhookPayloadError(message: "webhookEventId is missing", eventIndex: index)
        }
        guard let type = raw.type, !type.isEmpty else {
            throw LineWebhookPayloadError(message: "type is missing", eventIndex: index)
        }
        guard let timestamp = raw.timestamp else {
            throw LineWebhookPayloadError(message: "timestamp is missing", eventIndex: index)
        }
        let kind: LineWebhookEvent.Kind
        switch type {
        case "follow": kind = .follow
        case "unfollow": kind = .unfollow
        case "message": kind = .message(text: raw.message?.type == "text" ? raw.message?.text : nil)
        case "postback":
            guard let data = raw.postback?.data else {
                throw LineWebhookPayloadError(message: "postback.data is missing", eventIndex: index)
            }
            kind = .postback(data: data)
        default: kind = .other(type: type)
        }
        return LineWebhookEvent(
            webhookEventId: id,
            timestampMilliseconds: timestamp,
            userId: raw.source?.userId,
            replyToken: raw.replyToken,
            isRedelivery: raw.deliveryContext?.isRedelivery ?? false,
            kind: kind
        )
    }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "the body is not valid JSON" }
        switch error {
        case .keyNotFound(let key, _): return "\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return "\(path) has the wrong type"
        case .dataCorrupted: return "the body is not valid JSON"
        @unknown default: return "the body could not be read"
        }
    }

    // The documented shapes; every field but `events` is optional here so missing ones get precise errors above.
    private struct Payload: Decodable {
        var destination: String?
        var events: [RawEvent]
    }

    private struct RawEvent: Decodable {
        var type: String?
        var webhookEventId: String?
        var timestamp: Int64?
        var replyToken: String?
        var source: Source?
        var deliveryContext: DeliveryContext?
        var message: Message?
        var postback: Postback?
    }

    private struct Source: Decodable {
        var type: String?
        var userId: String?
    }

    private struct DeliveryContext: Decodable {
        var isRedelivery: Bool?
    }

    private struct Message: Decodable {
        var type: String?
        var text: String?
    }

    private struct Postback: Decodable {
        var data: String?
    }
}
