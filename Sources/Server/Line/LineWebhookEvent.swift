/// One event from a LINE webhook, reduced to what Nailbook acts on.
struct LineWebhookEvent: Sendable, Equatable {
    /// What happened.
    enum Kind: Sendable, Equatable {
        /// The user added the official account as a friend (or unblocked it).
        case follow
        /// The user blocked the official account.
        case unfollow
        /// The user sent a message; `text` is nil for stickers, images and other non-text messages.
        case message(text: String?)
        /// The user tapped a postback action; `data` is the action's `data` string.
        case postback(data: String)
        /// Any other event type (join, beacon, unsend, …), kept by name and otherwise ignored.
        case other(type: String)
    }

    /// LINE's unique id for the event (a ULID); the same on redelivery, so it is the deduplication key.
    var webhookEventId: String
    /// When the event happened, in milliseconds since 1970.
    var timestampMilliseconds: Int64
    /// The user behind the event, when LINE shares it (`source.userId`).
    var userId: String?
    /// The single-use token for a free reply, for events that can be replied to.
    var replyToken: String?
    /// Whether LINE is resending an event it could not deliver before (`deliveryContext.isRedelivery`).
    var isRedelivery: Bool
    /// What happened.
    var kind: Kind
}
