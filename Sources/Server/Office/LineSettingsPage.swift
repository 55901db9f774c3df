import Core
import Foundation
import Hummingbird

/// The salon's LINE settings (owners only): channel credentials (write-only: the token's last four characters are
/// all that is shown), the LIFF id and Login channel, reminder offsets, keywords, language, message templates, and
/// the month's push quota and its use. The same change as `PATCH /v1/merchants/{m}/line-channel`.
struct LineSettingsPage: Sendable {
    let web: OfficeWeb

    struct Option: Codable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct TemplateField: Codable, Sendable {
        var name: String
        var label: String
        var value: String
        /// The built-in text, shown while the salon has none of its own.
        var placeholder: String
    }

    /// The view model of `office-line.mustache`.
    struct Page: Codable, Sendable {
        var chrome: OfficeChrome
        var hasChannel: Bool
        var hasMasterKey: Bool
        var channelId: String
        var tokenLast4: String
        var stateText: String
        var tokenRefused: Bool
        var liffId: String
        var loginChannelId: String
        var webhookURL: String
        var bookingURL: String
        var reminders: String
        var monthlyPushLimit: Int
        var keywords: String
        var languages: [Option]
        var templates: [TemplateField]
        var quotaMonth: String
        var quotaSent: Int
        var quotaWarning: Bool
        var saved: Bool
        /// When and by whom the channel last changed.
        var updated: String?
        var error: String?
    }

    /// `GET /office/line`.
    func page(
        _ visit: OfficeWeb.Visit, merchant: Merchant, saved: Bool = false, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let channel = web.engine.lineChannel(of: merchant.id)
        let settings = channel?.settings ?? MessagingSettings()
        let builtIn = NotificationRenderer.templates(for: MessagingSettings(language: settings.language))
        let sent = web.engine.store.read {
            $0.outbox.pushesSent(by: merchant.id, inMonthOf: visit.now, zone: merchant.zone)
        }
        let limit = settings.monthlyPushLimit
        let model = Page(
            chrome: web.chrome(visit, title: visit.texts["office_line"], section: "line"),
            hasChannel: channel != nil, hasMasterKey: web.line.hasMasterKey, channelId: channel?.channelID ?? "",
            tokenLast4: channel?.accessTokenLast4 ?? "",
            stateText: channel.map { visit.texts["office_line_state_" + $0.state.name] } ?? "",
            tokenRefused: channel?.state == .tokenInvalid, liffId: channel?.liffID ?? "",
            loginChannelId: channel?.loginChannelID ?? "",
            webhookURL: web.line.webhookURL(merchantID: merchant.id),
            bookingURL: web.line.bookingURL(merchantID: merchant.id, liffID: channel?.liffID),
            reminders: settings.reminderOffsetsMinutes.map(String.init).joined(separator: ", "),
            monthlyPushLimit: limit, keywords: settings.bookingKeywords.joined(separator: ", "),
            languages: MessagingSettings.languages.map {
                Option(value: $0, label: visit.texts["language_" + $0], selected: $0 == settings.language)
            },
            templates: MessagingSettings.templateNames.map { name in
                TemplateField(
                    name: name, label: visit.texts["office_line_template_" + name],
                    value: settings.templates[name] ?? "", placeholder: builtIn.text(named: name) ?? "")
            },
            quotaMonth: String(merchant.zone.localDateTime(at: visit.now).date.description.prefix(7)),
            quotaSent: sent, quotaWarning: limit > 0 && sent * 10 >= limit * 8, saved: saved,
            updated: channel.map { channel in
                LocalFormat.dateTime(channel.updatedAt, zone: merchant.zone, visit.texts)
                    + (channel.updatedBy.map { " · " + web.authorName($0) } ?? "")
            }, error: error)
        return web.page(model, "office-line", status: status)
    }

    /// `POST /office/line`: blank credential fields keep what is stored; blank template fields mean the built-in
    /// text.
    func save(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) async throws -> Response {
        let form = try await FormBody.read(request, limit: 32 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        func again(_ error: String) -> Response {
            page(visit, merchant: merchant, error: error, status: .unprocessableContent)
        }
        guard let edit = Self.edit(form) else { return again(visit.texts["office_line_bad_number"]) }
        let channel: LineChannel
        do {
            channel = try edit.channel(
                from: web.engine.lineChannel(of: merchant.id), merchantID: merchant.id,
                credentials: web.credentials, now: visit.now, by: visit.origin)
        } catch {
            switch error {
            case .required: return again(visit.texts["office_line_credentials_required"])
            case .invalid(_, let detail): return again(detail)
            case .masterKeyMissing: return again(visit.texts["office_line_no_master_key"])
            }
        }
        switch try await web.engine.storeLineChannel(channel) {
        case .success: return web.redirect("/office/line?saved=1")
        case .failure(let rejection): return again(rejection.detail)
        }
    }

    /// The edit a form asks for; nil when a number is malformed.
    static func edit(_ form: FormBody) -> LineChannelEdit? {
        func field(_ name: String) -> String? {
            let text = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        func list(_ name: String) -> [String] {
            (form[name] ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var edit = LineChannelEdit()
        edit.channelID = field("channelId")
        edit.secret = field("channelSecret")
        edit.accessToken = field("channelAccessToken")
        edit.liffID = field("liffId").map { .value($0) } ?? .null
        edit.loginChannelID = field("loginChannelId").map { .value($0) } ?? .null
        let reminders = list("reminders").map { Int($0) }
        guard !reminders.contains(nil), let limit = Int(field("monthlyPushLimit") ?? "0") else { return nil }
        edit.reminderOffsetsMinutes = reminders.compactMap { $0 }
        edit.monthlyPushLimit = limit
        edit.bookingKeywords = list("keywords")
        edit.language = field("language")
        var templates: [String: String] = [:]
        for name in MessagingSettings.templateNames {
            if let text = field("template_" + name) { templates[name] = text }
        }
        edit.templates = templates
        return edit
    }
}
