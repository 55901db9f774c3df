import Core
import Hummingbird

/// The admin console's LINE panel (`/admin/line`): per salon, its channel's state (a refused token parks its
/// pushes), failed and parked notifications with the latest reason, and this month's quota use.
struct AdminLinePage: Sendable {
    let web: OfficeWeb

    struct Row: Codable, Sendable {
        var id: String
        var name: String
        var channel: String
        var tokenRefused: Bool
        var failed: Int
        var parked: Int
        var lastError: String
        var quota: String
        var nearQuota: Bool
        var suspended: Bool
    }

    /// The view model of `admin-line.mustache`.
    struct Page: Codable, Sendable {
        var chrome: OfficeChrome
        var rows: [Row]
        var failedTotal: Int
        var parkedTotal: Int
        var refusedChannels: Int
    }

    func page(_ visit: OfficeWeb.Visit) -> Response {
        let engine = web.engine
        let rows = engine.merchants().map { merchant -> Row in
            let channel = engine.lineChannel(of: merchant.id)
            var query = NotificationQuery(merchantID: merchant.id)
            query.status = .failed
            let failed = engine.notifications(query)
            query.status = .parked
            let parked = engine.notifications(query)
            let latest = (failed + parked).map(\.0).max { $0.createdAt < $1.createdAt }
            let sent = engine.store.read {
                $0.outbox.pushesSent(by: merchant.id, inMonthOf: visit.now, zone: merchant.zone)
            }
            let limit = channel?.settings.monthlyPushLimit ?? 0
            return Row(
                id: merchant.id.description, name: merchant.name,
                channel: channel.map { visit.texts["office_line_state_" + $0.state.name] } ?? "–",
                tokenRefused: channel?.state == .tokenInvalid, failed: failed.count, parked: parked.count,
                lastError: latest?.lastError ?? "", quota: channel == nil ? "–" : "\(sent) / \(limit)",
                nearQuota: limit > 0 && sent * 10 >= limit * 8, suspended: merchant.suspended)
        }
        return web.page(
            Page(
                chrome: web.chrome(visit, title: visit.texts["admin_line"], section: "line"), rows: rows,
                failedTotal: rows.reduce(0) { $0 + $1.failed }, parkedTotal: rows.reduce(0) { $0 + $1.parked },
                refusedChannels: rows.filter(\.tokenRefused).count),
            "admin-line")
    }
}
