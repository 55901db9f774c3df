import Core

/// A change to a salon's LINE channel, from the API (`PUT`/`PATCH /v1/merchants/{m}/line-channel`) or the
/// back-office's LINE settings form: what is nil (or `.absent`) stays as it was.
///
/// Credentials are write-only: a new secret or token is sealed with the master key here, before the engine sees it;
/// one given alone is sealed with the other as it was (which needs the master key to open).
struct LineChannelEdit: Sendable {
    var channelID: String?
    var secret: String?
    var accessToken: String?
    var liffID: Patch<String> = .absent
    var loginChannelID: Patch<String> = .absent
    var reminderOffsetsMinutes: [Int]?
    var monthlyPushLimit: Int?
    var bookingKeywords: [String]?
    var language: String?
    var templates: [String: String]?

    /// Longest accepted secret and token (LINE's long-lived tokens are about 170 characters).
    static let secretLengthRange = 1...256
    static let tokenLengthRange = 1...2_048

    /// Why an edit cannot become a channel.
    enum Failure: Error, Equatable {
        /// A first channel needs this field (`channelId`, `channelSecret`, `channelAccessToken`).
        case required(String)
        /// The field's value cannot be used; the text says why (never the value).
        case invalid(String, String)
        /// The server has no master key, so secrets can be neither sealed nor opened.
        case masterKeyMissing
    }

    /// The settings with this edit's changes.
    func applied(to settings: MessagingSettings) -> MessagingSettings {
        var settings = settings
        settings.reminderOffsetsMinutes = reminderOffsetsMinutes ?? settings.reminderOffsetsMinutes
        settings.monthlyPushLimit = monthlyPushLimit ?? settings.monthlyPushLimit
        settings.bookingKeywords = bookingKeywords ?? settings.bookingKeywords
        settings.language = language ?? settings.language
        settings.templates = templates ?? settings.templates
        return settings
    }

    /// The channel after this edit by `origin`: a new one (every credential required) when there is none yet. New
    /// credentials make the channel `ok` again (LINE is asked afresh); the engine still validates the settings.
    func channel(
        from previous: LineChannel?, merchantID: MerchantID, credentials: LineCredentials, now: Instant,
        by origin: Origin
    ) throws(Failure) -> LineChannel {
        guard let previous else {
            guard let channelID else { throw .required("channelId") }
            guard let secret else { throw .required("channelSecret") }
            guard let accessToken else { throw .required("channelAccessToken") }
            let sealed = try Self.seal(secret: secret, token: accessToken, merchantID, credentials)
            return LineChannel(
                merchantID: merchantID, channelID: channelID, sealedSecret: sealed.secret,
                sealedAccessToken: sealed.token, accessTokenLast4: String(accessToken.suffix(4)),
                liffID: liffID.applied(to: nil), loginChannelID: loginChannelID.applied(to: nil),
                settings: applied(to: MessagingSettings()), updatedAt: now, updatedBy: origin)
        }
        var channel = previous
        if secret != nil || accessToken != nil {
            var opened: OpenedChannel?
            if secret == nil || accessToken == nil {
                guard let open = credentials.open(previous) else { throw .masterKeyMissing }
                opened = open
            }
            let token = accessToken ?? opened?.accessToken ?? ""
            let sealed = try Self.seal(secret: secret ?? opened?.secret ?? "", token: token, merchantID, credentials)
            channel.sealedSecret = sealed.secret
            channel.sealedAccessToken = sealed.token
            channel.accessTokenLast4 = String(token.suffix(4))
            channel.state = .ok
        }
        channel.channelID = channelID ?? channel.channelID
        channel.liffID = liffID.applied(to: channel.liffID)
        channel.loginChannelID = loginChannelID.applied(to: channel.loginChannelID)
        channel.settings = applied(to: channel.settings)
        channel.updatedAt = now
        channel.updatedBy = origin
        return channel
    }

    private static func seal(
        secret: String, token: String, _ merchantID: MerchantID, _ credentials: LineCredentials
    ) throws(Failure) -> (secret: [UInt8], token: [UInt8]) {
        guard secretLengthRange.contains(secret.utf8.count), MessagingValidation.isVisibleASCII(secret) else {
            throw .invalid("channelSecret", "channelSecret must be 1 to 256 visible ASCII characters")
        }
        guard tokenLengthRange.contains(token.utf8.count), MessagingValidation.isVisibleASCII(token) else {
            throw .invalid("channelAccessToken", "channelAccessToken must be 1 to 2048 visible ASCII characters")
        }
        guard let sealed = credentials.seal(secret: secret, accessToken: token, for: merchantID) else {
            throw .masterKeyMissing
        }
        return sealed
    }
}
