import Core
import Hummingbird

/// The salon's LINE notifications (owners and managers): the log, newest first, filtered by status, with LINE's
/// reason for each failure; a failed one can be sent again.
struct NotificationPages: Sendable {
    let web: OfficeWeb

    /// The most rows one page shows.
    static let pageSize = 200

    struct Row: Codable, Sendable {
        var id: String
        var created: String
        var kind: String
        var customer: String
        var booking: String
        var status: String
        var statusName: String
        var attempts: Int
        var reason: String?
        var failed: Bool
    }

    struct Filter: Codable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// The view model of `office-notifications.mustache`.
    struct ListPage: Codable, Sendable {
        var chrome: OfficeChrome
        var filters: [Filter]
        var rows: [Row]
        var hasRows: Bool
        var error: String?
    }

    func list(
        _ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, error: String? = nil,
        status httpStatus: HTTPResponse.Status = .ok
    ) -> Response {
        let wanted = request.uri.queryParameters.get("status").flatMap { NotificationStatus(name: String($0)) }
        let found = web.engine.notifications(NotificationQuery(merchantID: merchant.id, status: wanted))
            .sorted { ($0.0.createdAt, $0.0.id) > ($1.0.createdAt, $1.0.id) }.prefix(Self.pageSize)
        let rows = found.map { notification, status in
            Row(
                id: notification.id.description,
                created: LocalFormat.dateTime(notification.createdAt, zone: merchant.zone, visit.texts),
                kind: visit.texts["office_kind_" + notification.kind.name],
                customer: web.engine.customer(notification.customerID, merchantID: merchant.id)?.displayName ?? "",
                booking: "/office/bookings/\(notification.bookingID)", status: visit.texts["office_ntf_" + status.name],
                statusName: status.name, attempts: notification.attempts, reason: notification.lastError,
                failed: status == .failed)
        }
        let filters =
            [Filter(value: "", label: visit.texts["office_all"], selected: wanted == nil)]
            + NotificationStatus.allCases.map {
                Filter(value: $0.name, label: visit.texts["office_ntf_" + $0.name], selected: $0 == wanted)
            }
        return web.page(
            ListPage(
                chrome: web.chrome(visit, title: visit.texts["office_notifications"], section: "notifications"),
                filters: filters, rows: Array(rows), hasRows: !rows.isEmpty, error: error),
            "office-notifications", status: httpStatus)
    }

    /// `POST /office/notifications/{id}/resend`.
    func resend(_ request: Request, _ context: NailbookContext, _ visit: OfficeWeb.Visit, merchant: Merchant)
        async throws -> Response
    {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let id = context.parameters.get("notificationId").flatMap({ NotificationID($0) }) else {
            return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound)
        }
        switch try await web.engine.resendNotification(id, merchantID: merchant.id, web.command(visit)) {
        case .success: return web.redirect("/office/notifications")
        case .failure(let rejection):
            return list(request, visit, merchant: merchant, error: rejection.detail, status: .conflict)
        }
    }
}
