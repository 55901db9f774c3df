import Core
import Foundation
import Hummingbird

/// The salon's waitlist (every salon user): who waits for what, in queue order, the slot held for whoever was
/// offered one and until when, and the recent outcomes; an entry can be taken off (an offer is then declined and
/// the slot passed on).
struct WaitlistPage: Sendable {
    let web: OfficeWeb

    struct Row: Codable, Sendable {
        var id: String
        var customer: String
        var customerHref: String
        var wanted: String
        var window: String
        var status: String
        var offer: String?
        var removeURL: String?
    }

    /// The view model of `office-waitlist.mustache`.
    struct Page: Codable, Sendable {
        var chrome: OfficeChrome
        var open: [Row]
        var closed: [Row]
        var noOpen: Bool
        var notice: String?
    }

    /// How many closed entries the page shows.
    static let closedShown = 50

    /// `GET /office/waitlist`.
    func list(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) -> Response {
        let open = web.engine.waitlist(of: merchant.id, openOnly: true).reversed().map { row($0, visit, merchant) }
        let closed = web.engine.waitlist(of: merchant.id).filter { !$0.status.isOpen }.prefix(Self.closedShown)
            .map { row($0, visit, merchant) }
        let notice =
            request.uri.queryParameters.get("notice") == "removed" ? visit.texts["office_waitlist_removed"] : nil
        return web.page(
            Page(
                chrome: web.chrome(visit, title: visit.texts["office_waitlist"], section: "waitlist"), open: open,
                closed: closed, noOpen: open.isEmpty, notice: notice),
            "office-waitlist")
    }

    /// `POST /office/waitlist/{e}/remove`.
    func remove(_ request: Request, _ context: NailbookContext, _ visit: OfficeWeb.Visit, merchant: Merchant)
        async throws -> Response
    {
        let form = try await FormBody.read(request, limit: 8 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let id = context.parameters.get("entryId").flatMap(WaitlistEntryID.init),
            web.engine.waitlistEntry(id, merchantID: merchant.id) != nil
        else { return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound) }
        switch try await web.engine.leaveWaitlist(id, merchantID: merchant.id, web.command(visit)) {
        case .success: return web.redirect("/office/waitlist?notice=removed")
        case .failure(let rejection):
            return web.message(visit, title: visit.texts["office_waitlist"], text: rejection.detail, status: .conflict)
        }
    }

    private func row(_ entry: WaitlistEntry, _ visit: OfficeWeb.Visit, _ merchant: Merchant) -> Row {
        let zone = merchant.zone
        let texts = visit.texts
        let services = entry.items.isEmpty ? [entry.serviceID] : entry.items.map(\.serviceID)
        let names = services.map { web.engine.service($0, merchantID: merchant.id)?.name ?? "" }
        let staff = entry.staffID.flatMap { web.engine.staff($0, merchantID: merchant.id)?.name }
        let offer = entry.offerHoldID.flatMap { web.engine.hold($0, merchantID: merchant.id) }.map { hold in
            LocalFormat.dateTime(hold.startsAt, zone: zone, texts) + " · "
                + (web.engine.staff(hold.staffID, merchantID: merchant.id)?.name ?? "") + " (" + texts["offer_until"]
                + " " + LocalFormat.time(hold.expiresAt, zone: zone) + ")"
        }
        return Row(
            id: entry.id.description,
            customer: web.engine.customer(entry.customerID, merchantID: merchant.id)?.displayName ?? "",
            customerHref: "/office/customers/\(entry.customerID)",
            wanted: names.joined(separator: entry.parallel ? " & " : " + ") + " · "
                + (staff ?? texts["any_technician"]),
            window: LocalFormat.window(from: entry.from, to: entry.to, zone: zone, texts),
            status: texts["waitlist_status_" + entry.status.name], offer: offer,
            removeURL: entry.status.isOpen ? "/office/waitlist/\(entry.id)/remove" : nil)
    }
}
