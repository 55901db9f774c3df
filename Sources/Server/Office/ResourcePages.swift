import Core
import Foundation
import Hummingbird

/// A salon's shared resources (owners and managers only): pedicure chairs, UV lamps, a private room, with how many
/// bookings may use each at once. Services say which they use on their own pages.
struct ResourcePages: Sendable {
    let web: OfficeWeb

    struct Row: Codable, Sendable {
        var name: String
        var href: String
        var capacity: Int
        var usedBy: String
    }

    /// The view model of `office-resources.mustache`.
    struct ListPage: Codable, Sendable {
        var chrome: OfficeChrome
        var rows: [Row]
        var error: String?
    }

    /// The view model of `office-resource-edit.mustache`.
    struct EditPage: Codable, Sendable {
        var chrome: OfficeChrome
        var id: String
        var name: String
        var capacity: Int
        var error: String?
    }

    func list(_ visit: OfficeWeb.Visit, merchant: Merchant, error: String? = nil, status: HTTPResponse.Status = .ok)
        -> Response
    {
        let services = web.engine.services(of: merchant.id)
        let rows = web.engine.resources(of: merchant.id).map { resource in
            Row(
                name: resource.name, href: "/office/resources/\(resource.id)", capacity: resource.capacity,
                usedBy: services.filter { $0.resourceNeeds.contains { $0.resourceID == resource.id } }.map(\.name)
                    .joined(separator: "、"))
        }
        return web.page(
            ListPage(
                chrome: web.chrome(visit, title: visit.texts["office_resources"], section: "resources"), rows: rows,
                error: error),
            "office-resources", status: status)
    }

    func edit(
        _ visit: OfficeWeb.Visit, merchant: Merchant, _ resource: Resource, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        web.page(
            EditPage(
                chrome: web.chrome(visit, title: resource.name, section: "resources"), id: resource.id.description,
                name: resource.name, capacity: resource.capacity, error: error),
            "office-resource-edit", status: status)
    }

    /// The draft of a form (`name`, `capacity`); nil when the capacity is not a number.
    private func draft(_ form: FormBody) -> ResourceDraft? {
        guard let capacity = Int((form["capacity"] ?? "").trimmingCharacters(in: .whitespaces)) else { return nil }
        return ResourceDraft(name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces), capacity: capacity)
    }

    /// `POST /office/resources`.
    func create(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) async throws -> Response {
        let form = try await FormBody.read(request, limit: 8 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let draft = draft(form) else {
            return list(
                visit, merchant: merchant, error: visit.texts["office_bad_number"], status: .unprocessableContent)
        }
        switch try await web.engine.createResource(merchantID: merchant.id, draft, web.command(visit)) {
        case .success: return web.redirect("/office/resources")
        case .failure(let rejection):
            return list(visit, merchant: merchant, error: rejection.detail, status: .unprocessableContent)
        }
    }

    /// `POST /office/resources/{id}`.
    func update(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, _ resource: Resource) async throws
        -> Response
    {
        let form = try await FormBody.read(request, limit: 8 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let draft = draft(form) else {
            return edit(
                visit, merchant: merchant, resource, error: visit.texts["office_bad_number"],
                status: .unprocessableContent)
        }
        switch try await web.engine.updateResource(resource.id, merchantID: merchant.id, draft, web.command(visit)) {
        case .success: return web.redirect("/office/resources")
        case .failure(let rejection):
            return edit(visit, merchant: merchant, resource, error: rejection.detail, status: .unprocessableContent)
        }
    }
}
