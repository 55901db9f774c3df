/// Whether LINE accepts a channel's access token, as far as we know.
public enum LineChannelState: UInt8, Hashable, Sendable, CaseIterable {
    /// No refusal seen since the credentials were stored.
    case ok = 1
    /// LINE answered 401/403: pushes wait for new credentials.
    case tokenInvalid = 2

    /// The stable name used in APIs.
    public var name: String {
        switch self {
        case .ok: return "ok"
        case .tokenInvalid: return "token_invalid"
        }
    }
}

/// How a merchant's customers are messaged: reminders, quota, keywords, language and templates.
public struct MessagingSettings: Hashable, Sendable {
    /// Reminders are sent this many minutes before the start (default 24 h and 2 h).
    public var reminderOffsetsMinutes: [Int]
    /// Pushes per calendar month allowed by the merchant's LINE plan (Taiwan's free plan: 200).
    public var monthlyPushLimit: Int
    /// Message texts that ask for the booking menu.
    public var bookingKeywords: [String]
    /// The language of messages: "zh-TW" or "en".
    public var language: String
    /// Template overrides by notification kind name (and "welcome"); placeholders `{merchant}`, `{service}`,
    /// `{staff}`, `{time}`, `{customer}`.
    public var templates: [String: String]

    /// Creates settings; the defaults suit a Taiwanese salon on the free plan.
    public init(
        reminderOffsetsMinutes: [Int] = [1440, 120],
        monthlyPushLimit: Int = 200,
        bookingKeywords: [String] = ["預約", "booking"],
        language: String = "zh-TW",
        templates: [String: String] = [:]
    ) {
        self.reminderOffsetsMinutes = reminderOffsetsMinutes
        self.monthlyPushLimit = monthlyPushLimit
        self.bookingKeywords = bookingKeywords
        self.language = language
        self.templates = templates
    }

    /// Languages with built-in templates.
    public static let languages = ["zh-TW", "en"]
    /// Template names that may be overridden.
    public static let templateNames = NotificationKind.allCases.map(\.name) + ["welcome"]
    /// The most reminders per booking.
    public static let remindersMax = 4
    /// The earliest reminder: 30 days before.
    public static let reminderOffsetRange = 5...(30 * 1440)
}

/// A merchant's LINE Official Account channel. The secret and the access token are sealed (AES-GCM with the
/// server's master key) by the server layer before they reach the engine: the log and snapshots never hold them in
/// clear, and the engine never sees them in clear.
public struct LineChannel: Hashable, Sendable {
    /// The merchant.
    public var merchantID: MerchantID
    /// LINE's channel id (public).
    public var channelID: String
    /// The sealed channel secret.
    public var sealedSecret: [UInt8]
    /// The sealed channel access token.
    public var sealedAccessToken: [UInt8]
    /// The token's last four characters, to tell tokens apart in the back-office.
    public var accessTokenLast4: String
    /// The LIFF app id of the booking pages, if any.
    public var liffID: String?
    /// The LINE Login channel (digits) of the LIFF app, against which ID tokens are verified; nil: the LIFF id's
    /// prefix.
    public var loginChannelID: String?
    /// Whether LINE accepts the token.
    public var state: LineChannelState
    /// Reminders, quota, keywords, language, templates.
    public var settings: MessagingSettings
    /// When the credentials or settings last changed.
    public var updatedAt: Instant
    /// Who changed them last (nil in records older than event format 4).
    public var updatedBy: Origin?

    /// Creates a channel record.
    public init(
        merchantID: MerchantID,
        channelID: String,
        sealedSecret: [UInt8],
        sealedAccessToken: [UInt8],
        accessTokenLast4: String,
        liffID: String?,
        loginChannelID: String? = nil,
        state: LineChannelState = .ok,
        settings: MessagingSettings = MessagingSettings(),
        updatedAt: Instant,
        updatedBy: Origin? = nil
    ) {
        self.merchantID = merchantID
        self.channelID = channelID
        self.sealedSecret = sealedSecret
        self.sealedAccessToken = sealedAccessToken
        self.accessTokenLast4 = accessTokenLast4
        self.liffID = liffID
        self.loginChannelID = loginChannelID
        self.state = state
        self.settings = settings
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}
