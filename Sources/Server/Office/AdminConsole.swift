import Core
import Crypto
import Foundation
import Hummingbird

/// The platform admin console (`/admin/`): the salons with their use, a new salon with its owner's invite link,
/// an owner's (or operator's) invite for an existing one, and the node's role and position in the log.
struct AdminConsole: Sendable {
    let web: OfficeWeb

    struct SalonRow: Codable, Sendable {
        var id: String
        var name: String
        var zone: String
        /// Bookings from the first of this month on (counted up to 500).
        var bookingsThisMonth: Int
        var users: Int
        var line: String
        var inviteAction: String
        var suspended: Bool
        var suspendAction: String
    }

    /// The view model of `admin-salons.mustache`.
    struct SalonsPage: Codable, Sendable {
        var chrome: OfficeChrome
        var role: String
        var appliedLSN: UInt64
        var salons: [SalonRow]
        var inviteLink: String?
        var inviteFor: String?
        var error: String?
    }

    func salons(
        _ visit: OfficeWeb.Visit, inviteLink: String? = nil, inviteFor: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let engine = web.engine
        let rows = engine.merchants().map { merchant -> SalonRow in
            let zone = merchant.zone
            let today = zone.localDateTime(at: visit.now).date
            let monthStart = zone.instant(on: LocalDate(year: today.year, month: today.month, day: 1) ?? today, at: 0)
            let count = engine.bookings(
                BookingQuery(merchantID: merchant.id, from: monthStart, limit: BookingQuery.limitMax)
            ).bookings.count
            return SalonRow(
                id: merchant.id.description, name: merchant.name, zone: zone.identifier, bookingsThisMonth: count,
                users: engine.accounts(of: merchant.id).count,
                line: engine.lineChannel(of: merchant.id).map { $0.state.name } ?? "–",
                inviteAction: "/admin/salons/\(merchant.id)/invites", suspended: merchant.suspended,
                suspendAction: "/admin/salons/\(merchant.id)/" + (merchant.suspended ? "resume" : "suspend"))
        }
        let role: String
        switch web.role.role {
        case .leader: role = "leader"
        case .follower(let leader): role = "follower of \(leader)"
        }
        return web.page(
            SalonsPage(
                chrome: web.chrome(visit, title: visit.texts["admin_salons"], section: "salons"), role: role,
                appliedLSN: engine.store.appliedLSN, salons: rows, inviteLink: inviteLink, inviteFor: inviteFor,
                error: error),
            "admin-salons", status: status)
    }

    /// `POST /admin/salons` (fields `name`, `timeZone`): a new salon and its owner's invite link.
    func createSalon(_ request: Request, _ visit: OfficeWeb.Visit) async throws -> Response {
        let form = try await FormBody.read(request, limit: 8 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        let draft = MerchantDraft(
            name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces),
            timeZone: form["timeZone"].flatMap { $0.isEmpty ? nil : $0 } ?? Merchant.defaultTimeZone)
        switch try await web.engine.createMerchant(draft, web.command(visit)) {
        case .failure(let rejection):
            return salons(visit, error: rejection.detail, status: .unprocessableContent)
        case .success(let merchant):
            return try await invite(request, visit, merchantID: merchant.id, role: .owner)
        }
    }

    /// `POST /admin/salons/{m}/invites`: an owner's invite link for an existing salon.
    func inviteOwner(_ request: Request, _ context: NailbookContext, _ visit: OfficeWeb.Visit) async throws -> Response
    {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let text = context.parameters.get("merchantId"), let id = MerchantID(text), web.engine.merchant(id) != nil
        else { return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound) }
        return try await invite(request, visit, merchantID: id, role: .owner)
    }

    /// `POST /admin/salons/{m}/suspend` and `…/resume`.
    func setSuspended(_ suspended: Bool, _ request: Request, _ context: NailbookContext, _ visit: OfficeWeb.Visit)
        async throws -> Response
    {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let text = context.parameters.get("merchantId"), let id = MerchantID(text) else {
            return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound)
        }
        switch try await web.engine.setSuspended(id, suspended, web.command(visit)) {
        case .success: return web.redirect("/admin")
        case .failure: return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound)
        }
    }

    /// `POST /admin/operators/invites`: an invite link for another platform operator.
    func inviteOperator(_ request: Request, _ visit: OfficeWeb.Visit) async throws -> Response {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        return try await invite(request, visit, merchantID: nil, role: .platformOperator)
    }

    private func invite(_ request: Request, _ visit: OfficeWeb.Visit, merchantID: MerchantID?, role: UserRole)
        async throws -> Response
    {
        let (token, link) = InviteLinks.make(
            baseURL: web.configuration.linkBase(host: request.head.authority), operator: role == .platformOperator)
        let result = try await web.engine.createInvite(
            merchantID: merchantID, role: role, staffID: nil, digest: OfficeWeb.inviteDigest(token), web.command(visit))
        switch result {
        case .failure(let rejection): return salons(visit, error: rejection.detail, status: .unprocessableContent)
        case .success:
            let name = merchantID.flatMap { web.engine.merchant($0)?.name } ?? visit.texts["role_operator"]
            return salons(visit, inviteLink: link, inviteFor: name)
        }
    }
}

/// Invite links: a random token (shown once, in the link) whose SHA-256 digest is recorded.
enum InviteLinks {
    /// A fresh token and its link under `baseURL`.
    static func make(baseURL: String, operator isOperator: Bool) -> (token: String, link: String) {
        let token = SessionSigner.base64url(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return (token, base + (isOperator ? "/admin/invite/" : "/office/invite/") + token)
    }
}
