import Core
import Foundation
import Hummingbird

/// The menu of a salon (owners and managers only): services with duration, buffers, price, active flag and who
/// performs them.
struct ServicePages: Sendable {
    let web: OfficeWeb

    struct Row: Codable, Sendable {
        var name: String
        var href: String
        var duration: Int
        var price: String
        var active: Bool
    }

    /// The view model of `office-services.mustache`.
    struct ListPage: Codable, Sendable {
        var chrome: OfficeChrome
        var rows: [Row]
        var currency: String
        var error: String?
    }

    /// The view model of `office-service-edit.mustache`.
    struct EditPage: Codable, Sendable {
        var chrome: OfficeChrome
        var id: String
        var name: String
        var duration: Int
        var bufferBefore: Int
        var bufferAfter: Int
        var price: Int
        var currency: String
        var active: Bool
        var staff: [StaffPages.Check]
        var resources: [StaffPages.Check]
        var hasResources: Bool
        var error: String?
    }

    func list(_ visit: OfficeWeb.Visit, merchant: Merchant, error: String? = nil, status: HTTPResponse.Status = .ok)
        -> Response
    {
        let rows = web.engine.services(of: merchant.id).map {
            Row(
                name: $0.name, href: "/office/services/\($0.id)", duration: $0.durationMinutes,
                price: LocalFormat.price($0.price, currency: merchant.currency), active: $0.isActive)
        }
        return web.page(
            ListPage(
                chrome: web.chrome(visit, title: visit.texts["office_services"], section: "services"), rows: rows,
                currency: merchant.currency.rawValue, error: error),
            "office-services", status: status)
    }

    func edit(
        _ visit: OfficeWeb.Visit, merchant: Merchant, _ service: Service, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let staff = web.engine.staff(of: merchant.id).map {
            StaffPages.Check(
                value: $0.id.description, label: $0.name, checked: service.staffIDs?.contains($0.id) ?? true)
        }
        let resources = web.engine.resources(of: merchant.id).map { resource in
            StaffPages.Check(
                value: resource.id.description, label: resource.name,
                checked: service.resourceNeeds.contains { $0.resourceID == resource.id })
        }
        return web.page(
            EditPage(
                chrome: web.chrome(visit, title: service.name, section: "services"), id: service.id.description,
                name: service.name, duration: service.durationMinutes, bufferBefore: service.bufferBeforeMinutes,
                bufferAfter: service.bufferAfterMinutes, price: service.price, currency: merchant.currency.rawValue,
                active: service.isActive, staff: staff, resources: resources, hasResources: !resources.isEmpty,
                error: error),
            "office-service-edit", status: status)
    }

    /// The draft of a form: `name`, `duration`, `bufferBefore`, `bufferAfter`, `price`; nil when a number is
    /// malformed.
    private func draft(_ form: FormBody, staffIDs: Set<StaffID>?, active: Bool) -> ServiceDraft? {
        let number = { (name: String) -> Int? in
            let text = (form[name] ?? "").trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? 0 : Int(text)
        }
        guard let duration = number("duration"), let before = number("bufferBefore"),
            let after = number("bufferAfter"), let price = number("price")
        else { return nil }
        return ServiceDraft(
            name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces), durationMinutes: duration,
            bufferBeforeMinutes: before, bufferAfterMinutes: after, price: price, isActive: active,
            staffIDs: staffIDs)
    }

    /// `POST /office/services`.
    func create(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) async throws -> Response {
        let form = try await FormBody.read(request, limit: 8 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let draft = draft(form, staffIDs: nil, active: true) else {
            return list(
                visit, merchant: merchant, error: visit.texts["office_bad_number"], status: .unprocessableContent)
        }
        switch try await web.engine.createService(merchantID: merchant.id, draft, web.command(visit)) {
        case .success(let service): return web.redirect("/office/services/\(service.id)")
        case .failure(let rejection):
            return list(visit, merchant: merchant, error: rejection.detail, status: .unprocessableContent)
        }
    }

    /// `POST /office/services/{id}`.
    func update(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, _ service: Service) async throws
        -> Response
    {
        let form = try await FormBody.read(request, limit: 8 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        let all = web.engine.staff(of: merchant.id)
        let chosen = Set(all.map(\.id).filter { form["staff_\($0)"] == "on" })
        guard
            var draft = draft(form, staffIDs: chosen.count == all.count ? nil : chosen, active: form["active"] == "on")
        else {
            return edit(
                visit, merchant: merchant, service, error: visit.texts["office_bad_number"],
                status: .unprocessableContent)
        }
        // A ticked resource keeps the part of the service it was used for (set through the API); a newly ticked one
        // is used for the whole service.
        draft.resourceNeeds = web.engine.resources(of: merchant.id).filter { form["resource_\($0.id)"] == "on" }.map {
            resource in
            service.resourceNeeds.first { $0.resourceID == resource.id } ?? ResourceNeed(resourceID: resource.id)
        }
        switch try await web.engine.updateService(service.id, merchantID: merchant.id, draft, web.command(visit)) {
        case .success: return web.redirect("/office/services/\(service.id)")
        case .failure(let rejection):
            return edit(visit, merchant: merchant, service, error: rejection.detail, status: .unprocessableContent)
        }
    }
}
