import Core
import Hummingbird

/// `/v1/merchants/{m}/line-channel`: the salon's LINE channel (credentials sealed at rest, never shown again) and
/// its messaging settings; `/v1/merchants/{m}/notifications`: the push log.
struct LineChannelRoutes {
    let api: API
    let line: LineIntegration

    /// The fields of PUT (credentials required) and PATCH (everything optional).
    struct ChannelBody: Decodable {
        var edit = LineChannelEdit()

        enum CodingKeys: String, CodingKey {
            case channelId, channelSecret, channelAccessToken, liffId, loginChannelId, reminderOffsetsMinutes
            case monthlyPushLimit
            case bookingKeywords, language, templates
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            edit.channelID = try container.decodeIfPresent(String.self, forKey: .channelId)
            edit.secret = try container.decodeIfPresent(String.self, forKey: .channelSecret)
            edit.accessToken = try container.decodeIfPresent(String.self, forKey: .channelAccessToken)
            edit.liffID = try container.decodePatch(String.self, forKey: .liffId)
            edit.loginChannelID = try container.decodePatch(String.self, forKey: .loginChannelId)
            edit.reminderOffsetsMinutes = try container.decodeIfPresent([Int].self, forKey: .reminderOffsetsMinutes)
            edit.monthlyPushLimit = try container.decodeIfPresent(Int.self, forKey: .monthlyPushLimit)
            edit.bookingKeywords = try container.decodeIfPresent([String].self, forKey: .bookingKeywords)
            edit.language = try container.decodeIfPresent(String.self, forKey: .language)
            edit.templates = try container.decodeIfPresent([String: String].self, forKey: .templates)
        }
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.put("merchants/:merchantId/line-channel") { request, context in
            let merchant = try api.merchant(context)
            let edit = try await RequestBody.decode(ChannelBody.self, from: request, context: context).edit
            for (field, value) in [
                ("channelId", edit.channelID), ("channelSecret", edit.secret),
                ("channelAccessToken", edit.accessToken),
            ] where value == nil {
                throw Problem.invalid(field, "\(field) is required")
            }
            return try await store(edit, merchant: merchant, context)
        }
        router.patch("merchants/:merchantId/line-channel") { request, context in
            let merchant = try api.merchant(context)
            let edit = try await RequestBody.decode(ChannelBody.self, from: request, context: context).edit
            guard api.engine.lineChannel(of: merchant.id) != nil else { throw Problem.notFound("LINE channel") }
            return try await store(edit, merchant: merchant, context)
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

    /// Applies an edit to the stored channel (a new one when there is none) and logs it.
    private func store(_ edit: LineChannelEdit, merchant: Merchant, _ context: NailbookContext) async throws
        -> Response
    {
        let channel: LineChannel
        do {
            channel = try edit.channel(
                from: api.engine.lineChannel(of: merchant.id), merchantID: merchant.id, credentials: line.credentials,
                now: api.clock(), by: api.command(context).origin)
        } catch {
            switch error {
            case .required(let field): throw Problem.invalid(field, "\(field) is required")
            case .invalid(let field, let detail): throw Problem.invalid(field, detail)
            case .masterKeyMissing: throw Self.masterKeyMissing
            }
        }
        let stored = try await api.engine.storeLineChannel(channel).orProblem()
        return JSONResponse.make { json in json.lineChannel(stored, merchant: merchant, line: line, now: api.clock()) }
    }

    static let masterKeyMissing = Problem(
        .serviceUnavailable,
        code: "master_key_missing",
        detail: "this server has no NAILBOOK_MASTER_KEY (32 random bytes, base64), so it cannot store LINE secrets"
    )
}
