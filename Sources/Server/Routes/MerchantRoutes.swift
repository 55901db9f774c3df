import Core
import Hummingbird

/// `/v1/merchants`: create, list, read and update merchants; issue and revoke their API keys.
struct MerchantRoutes {
    let api: API

    struct CreateBody: Decodable {
        var name: String
        var timeZone: String?
        var slotMinutes: Int?
        var holdMinutes: Int?
        var minNoticeMinutes: Int?
        var maxDaysAhead: Int?
        var cancelDeadlineMinutes: Int?
        var address: String?
        var currency: String?
    }

    struct PatchBody: Decodable {
        var name: String?
        var timeZone: String?
        var slotMinutes: Int?
        var holdMinutes: Int?
        var minNoticeMinutes: Int?
        var maxDaysAhead: Int?
        var cancelDeadlineMinutes: Patch<Int>
        var address: String?
        var currency: String?
        var noShowPolicy: Patch<PolicyBody>

        /// `{strikes, windowDays, action}`: after `strikes` no-shows or late cancellations within `windowDays`, the
        /// customer cannot book online (`action` `block_online_booking`, the only one).
        struct PolicyBody: Decodable, Sendable {
            var strikes: Int
            var windowDays: Int
            var action: String?
        }

        enum CodingKeys: String, CodingKey {
            case name, timeZone, slotMinutes, holdMinutes, minNoticeMinutes, maxDaysAhead, cancelDeadlineMinutes
            case address, currency, noShowPolicy
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
            slotMinutes = try container.decodeIfPresent(Int.self, forKey: .slotMinutes)
            holdMinutes = try container.decodeIfPresent(Int.self, forKey: .holdMinutes)
            minNoticeMinutes = try container.decodeIfPresent(Int.self, forKey: .minNoticeMinutes)
            maxDaysAhead = try container.decodeIfPresent(Int.self, forKey: .maxDaysAhead)
            cancelDeadlineMinutes = try container.decodePatch(Int.self, forKey: .cancelDeadlineMinutes)
            address = try container.decodeIfPresent(String.self, forKey: .address)
            currency = try container.decodeIfPresent(String.self, forKey: .currency)
            noShowPolicy = try container.decodePatch(PolicyBody.self, forKey: .noShowPolicy)
        }

        func applied(to draft: MerchantDraft) throws -> MerchantDraft {
            var draft = draft
            draft.address = address ?? draft.address
            draft.currency = try currency.map(MerchantRoutes.currency) ?? draft.currency
            draft.name = name ?? draft.name
            draft.timeZone = timeZone ?? draft.timeZone
            draft.slotMinutes = slotMinutes ?? draft.slotMinutes
            draft.rules.holdMinutes = holdMinutes ?? draft.rules.holdMinutes
            draft.rules.minNoticeMinutes = minNoticeMinutes ?? draft.rules.minNoticeMinutes
            draft.rules.maxDaysAhead = maxDaysAhead ?? draft.rules.maxDaysAhead
            draft.rules.cancelDeadlineMinutes = cancelDeadlineMinutes.applied(to: draft.rules.cancelDeadlineMinutes)
            switch noShowPolicy {
            case .absent: break
            case .null: draft.rules.noShowPolicy = nil
            case .value(let body):
                guard let action = NoShowPolicy.Action(name: body.action ?? "block_online_booking") else {
                    throw Problem.invalid("noShowPolicy.action", "noShowPolicy.action must be block_online_booking")
                }
                draft.rules.noShowPolicy = NoShowPolicy(
                    strikes: body.strikes, windowDays: body.windowDays, action: action)
            }
            return draft
        }
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("merchants") { request, context in
            try api.requireAdmin(context)
            let body = try await RequestBody.decode(CreateBody.self, from: request, context: context)
            let defaults = BookingRules()
            let draft = MerchantDraft(
                name: body.name,
                timeZone: body.timeZone ?? Merchant.defaultTimeZone,
                slotMinutes: body.slotMinutes ?? 15,
                rules: BookingRules(
                    minNoticeMinutes: body.minNoticeMinutes ?? defaults.minNoticeMinutes,
                    maxDaysAhead: body.maxDaysAhead ?? defaults.maxDaysAhead,
                    holdMinutes: body.holdMinutes ?? defaults.holdMinutes,
                    cancelDeadlineMinutes: body.cancelDeadlineMinutes
                ),
                address: body.address ?? "",
                currency: try body.currency.map(Self.currency)
            )
            if let shards = api.shards {
                let placement = await shards.placement()
                if placement.group != shards.group {
                    throw ShardMiddleware.elsewhere(
                        placement.leaderURL, group: placement.group, request.uri.path, query: request.uri.query)
                }
            }
            let command = api.command(context)
            let merchant = try await api.engine.createMerchant(draft, command).orProblem()
            if let shards = api.shards { _ = await shards.register([merchant.id.description]) }
            let (key, secret) = try await issueKey(for: merchant.id, command)
            return JSONResponse.make(.created) { json in
                json.merchant(merchant) { json in
                    json.field("apiKey", secret)
                    json.field("apiKeyId", key.id.description)
                }
            }
        }
        router.get("merchants") { _, context in
            try api.requireAdmin(context)
            let merchants = api.engine.merchants()
            return JSONResponse.make { json in
                json.object { json in
                    json.field("merchants") { json in
                        json.array(merchants) { json, merchant in json.merchant(merchant) }
                    }
                    json.field("nextCursor", String?.none)
                }
            }
        }
        router.get("merchants/:merchantId") { _, context in
            let merchant = try api.merchant(context)
            return JSONResponse.make { json in json.merchant(merchant) }
        }
        router.patch("merchants/:merchantId") { request, context in
            let merchant = try api.merchant(context)
            let body = try await RequestBody.decode(PatchBody.self, from: request, context: context)
            let draft = try body.applied(to: MerchantDraft(merchant))
            let updated = try await api.engine.updateMerchant(merchant.id, draft, api.command(context)).orProblem()
            return JSONResponse.make { json in json.merchant(updated) }
        }
        registerKeys(on: router)
    }

    private func registerKeys(on router: RouterGroup<NailbookContext>) {
        router.post("merchants/:merchantId/api-keys") { _, context in
            let merchant = try api.merchant(context)
            let (key, secret) = try await issueKey(for: merchant.id, api.command(context))
            return JSONResponse.make(.created) { json in
                json.object { json in
                    json.field("id", key.id.description)
                    json.field("apiKey", secret)
                    json.time("createdAt", key.createdAt, merchant.zone)
                }
            }
        }
        router.delete("merchants/:merchantId/api-keys/:keyId") { _, context in
            let merchant = try api.merchant(context)
            let keyID: ApiKeyID = try api.pathID("keyId", context)
            _ = try await api.engine.revokeApiKey(keyID, merchantID: merchant.id, api.command(context)).orProblem()
            return JSONResponse.noContent()
        }
    }

    /// The currency named by its ISO 4217 code.
    static func currency(_ code: String) throws -> Currency {
        guard let currency = Currency(rawValue: code) else {
            throw Problem.invalid("currency", "currency must be one of TWD, JPY, THB")
        }
        return currency
    }

    /// Issues a new API key: the secret is returned once and only its digest is stored.
    private func issueKey(for merchantID: MerchantID, _ command: CommandContext) async throws -> (ApiKey, String) {
        let secret = ApiKeySecret.generate()
        let key = try await api.engine.issueApiKey(
            merchantID: merchantID,
            digest: TokenDigest.of(secret),
            command
        ).orProblem()
        return (key, secret)
    }
}
