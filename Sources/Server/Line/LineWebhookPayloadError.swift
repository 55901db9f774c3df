/// Why a webhook body is not a LINE webhook payload; names the event index and field, never echoes the body.
struct LineWebhookPayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A human-readable explanation.
    let message: String
    /// The index of the offending event in `events`, when one event is at fault.
    let eventIndex: Int?

    var description: String {
        if let eventIndex { return "LineWebhookPayloadError(events[\(eventIndex)]): \(message)" }
        return "LineWebhookPayloadError: \(message)"
    }
}
