import Core
import Hummingbird

/// `/v1/merchants/{m}/line-channel`: the salon's LINE channel (credentials sealed at rest, never shown again) and
/// its messaging settings; `/v1/merchants/{m}/notifications`: the push log.
struct LineChannelRoutes {
    let api: API
    let line: LineIntegration

    /// The fields of PUT (credentials required) and PATCH (everything optional).
    struct ChannelBody: Decodable {
        var channelId: String?
        var channelSecret: String?
        var channelAccessToken: String?
        var liffId: Patch<String>
        var loginChannelId: Patch<String>
        var reminderOffsetsMinutes: [Int]?
        var monthlyPushLimit: Int?
        var bookingKeywords: [String]?
        var language: String?
        var templates: [String: String]?

        enum CodingKeys: String, CodingKey {
            case channelId, channelSecret, channelAccessToken, liffId, loginChannelId, reminderOffsetsMinutes
            case monthlyPushLimit
            case bookingKeywords, language, templates
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            channelId = try container.decodeIfPresent(String.self, forKey: .channelId)
            channelSecret = try container.decodeIfPresent(String.self, forKey: .channelSecret)
            channelAccessToken = try container.decodeIfPresent(String.self, forKey: .channelAccessToken)
            liffId = try container.decodePatch(String.self, forKey: .liffId)
            loginChannelId = try container.decodePatch(String.self, forKey: .loginChannelId)
            reminderOffsetsMinutes = try container.decodeIfPresent([Int].self, forKey: .reminderOffsetsMinutes)
            monthlyPushLimit = try container.decodeIfPresent(Int.self, forKey: .monthlyPushLimit)
            bookingKeywords = try container.decodeIfPresent([String].self, forKey: .bookingKeywords)
            language = try container.decodeIfPresent(String.self, forKey: .language)
            templates = try container.decodeIfPresent([String: String].self, forKey: .templates)
        }

        func applied(to settings: MessagingSettings) -> MessagingSettings {
            var settings = settings
            settings.reminderOffsetsMinutes = reminderOffsetsMinutes ?? settings.reminderOffsetsMinutes
            settings.monthlyPushLimit = monthlyPushLimit ?? settings.monthlyPushLimit
            settings.bookingKeywords = bookingKeywords ?? settings.bookingKeywords
            settings.language = language ?? settings.language
            settings.templates = templates ?? settings.templates
            return settings
        }
    }

    /// Longest accepted secret and token (LINE's long-lived tokens are about 170 characters).
    static let secretLengthRange = 1...256
    static let tokenLengthRange = 1...2_048

    func register(on router: RouterGroup<NailbookContext>) {
        router.put("merchants/:merchantId/line-channel") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(ChannelBody.self, from: request, context: context)
            guard let channelID = body.channelId else { throw Problem.invalid("channelId", "channelId is required") }
            guard let secret = body.channelSecret else {
                throw Problem.invalid("channelSecret", "channelSecret is required")
            }
            guard let token = body.channelAccessToken else {
                throw Problem.invalid("channelAccessToken", "channelAccessToken is required")
            }
            let previous = api.engine.lineChannel(of: merchant.id)
            let settings = body.applied(to: previous?.settings ?? MessagingSettings())
            let sealed = try seal(secret: secret, token: token, merchantID: merchant.id)
            let channel = LineChannel(
                merchantID: merchant.id, channelID: channelID, sealedSecret: sealed.secret,
                sealedAccessToken: sealed.token, accessTokenLast4: String(token.suffix(4)),
                liffID: body.liffId.applied(to: previous?.liffID),
                loginChannelID: body.loginChannelId.applied(to: previous?.loginChannelID), settings: settings,
                updatedAt: api.clock())
            let stored = try await api.engine.storeLineChannel(channel).orProblem()
            return JSONResponse.make { json in
                json.lineChannel(stored, merchant: merchant, line: line, now: api.clock())
            }
        }
        router.patch("merchants/:merchantId/line-channel") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(ChannelBody.self, from: request, context: context)
            guard var channel = api.engine.lineChannel(of: merchant.id) else { throw Problem.notFound("LINE channel") }
            if body.channelSecret != nil || body.channelAccessToken != nil {
                guard let opened = line.credentials.open(channel) else { throw Self.masterKeyMissing }
                let token = body.channelAccessToken ?? opened.accessToken
                let sealed = try seal(
                    secret: body.channelSecret ?? opened.secret, token: token, merchantID: merchant.id)
                channel.sealedSecret = sealed.secret
                channel.sealedAccessToken = sealed.token
                channel.accessTokenLast4 = String(token.suffix(4))
                channel.state = .ok
            }
            channel.channelID = body.channelId ?? channel.channelID
            channel.liffID = body.liffId.applied(to: channel.liffID)
            channel.loginChannelID = body.loginChannelId.applied(to: channel.loginChannelID)
            channel.settings = body.applied(to: channel.settings)
            channel.updatedAt = api.clock()
            let stored = try await api.engine.storeLineChannel(channel).orProblem()
            return JSONResponse.make { json in
                json.lineChannel(stored, merchant: merchant, line: line, now: api.clock())
            }
        }
        router.get("merchants/:merchantId/line-channel") { _, context in
            let merchant = try api.merchant(context)
            guard let channel = api.engine.lineChannel(of: merchant.id) else { throw Problem.notFound("LINE channel") }
            return JSONResponse.make { json in
                json.lineChannel(channel, merchant: merchant, line: line, now: api.clock())
            }
        }
        router.get("merchants/:merchantId/notifications") { request, context in
            let merchant = try api.merchant(context)
            let parameters = request.uri.queryParameters
            var query = NotificationQuery(merchantID: merchant.id)
            if let text = parameters.get("status") {
                guard let status = NotificationStatus(name: text) else {
                    throw Problem.invalid(
                        "status", "status must be one of pending, sent, failed, parked, expired, cancelled")
                }
                query.status = status
            }
            query.since = try parameters.get("since").map { try Parse.instant($0, field: "since") }
            query.bookingID = try parameters.get("bookingId").map { try Parse.id($0, field: "bookingId") }
            let found = api.engine.notifications(query)
            return JSONResponse.make { json in
                json.object { json in
                    json.field("notifications") { json in
                        json.array(found) { json, entry in
                            json.notification(entry.0, status: entry.1, zone: merchant.zone)
                        }
                    }
                }
            }
        }
        router.post("merchants/:merchantId/notifications/:notificationId/resend") { _, context in
            let merchant = try api.merchant(context)
            let id: NotificationID = try api.pathID("notificationId", context)
            try await api.engine.resendNotification(id, merchantID: merchant.id, api.command(context)).orProblem()
            return JSONResponse.noContent()
        }
    }

    private func seal(secret: String, token: String, merchantID: MerchantID) throws -> (secret: [UInt8], token: [UInt8])
    {
        guard Self.secretLengthRange.contains(secret.utf8.count), MessagingValidation.isVisibleASCII(secret)
        else { throw Problem.invalid("channelSecret", "channelSecret must be 1 to 256 visible ASCII characters") }
        guard Self.tokenLengthRange.contains(token.utf8.count), MessagingValidation.isVisibleASCII(token)
        else {
            throw Problem.invalid("channelAccessToken", "channelAccessToken must be 1 to 2048 visible ASCII characters")
        }
        guard let sealed = line.credentials.seal(secret: secret, accessToken: token, for: merchantID) else {
            throw Self.masterKeyMissing
        }
        return sealed
    }

    static let masterKeyMissing = Problem(
        .serviceUnavailable,
        code: "master_key_missing",
        detail: "this server has no NAILBOOK_MASTER_KEY (32 random bytes, base64), so it cannot store LINE secrets"
    )
}
