import Core
import Hummingbird

/// The salon's users (owners only): who may sign in, with which role; invites for managers and staff; removal.
/// And every user's own password.
struct UserPages: Sendable {
    let web: OfficeWeb

    struct Row: Codable, Sendable {
        var id: String
        var name: String
        var login: String
        var role: String
        var technician: String
        var removable: Bool
    }

    struct Option: Codable, Sendable {
        var value: String
        var label: String
    }

    /// The view model of `office-users.mustache`.
    struct ListPage: Codable, Sendable {
        var chrome: OfficeChrome
        var rows: [Row]
        var technicians: [Option]
        var inviteLink: String?
        var error: String?
    }

    /// The view model of `office-password.mustache`.
    struct PasswordPage: Codable, Sendable {
        var chrome: OfficeChrome
        var error: String?
        var done: Bool
    }

    func list(
        _ visit: OfficeWeb.Visit, merchant: Merchant, inviteLink: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let staff = web.engine.staff(of: merchant.id)
        let names = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0.name) })
        let rows = web.engine.accounts(of: merchant.id).map { account in
            Row(
                id: account.id.description, name: account.displayName, login: account.login,
                role: visit.texts["role_" + account.role.name], technician: account.staffID.flatMap { names[$0] } ?? "",
                removable: account.id != visit.account?.id)
        }
        return web.page(
            ListPage(
                chrome: web.chrome(visit, title: visit.texts["office_users"], section: "users"), rows: rows,
                technicians: staff.filter(\.isActive).map { Option(value: $0.id.description, label: $0.name) },
                inviteLink: inviteLink, error: error),
            "office-users", status: status)
    }

    /// `POST /office/users/invites` (fields `role`: manager or staff, `staffId` for staff): an invite link.
    func invite(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) async throws -> Response {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let role = UserRole(name: form["role"] ?? ""), role == .manager || role == .staff else {
            return list(
                visit, merchant: merchant, error: visit.texts["office_pick_role"], status: .unprocessableContent)
        }
        let staffID = role == .staff ? form["staffId"].flatMap { StaffID($0) } : nil
        let (token, link) = InviteLinks.make(
            baseURL: web.configuration.linkBase(host: request.head.authority), operator: false)
        let result = try await web.engine.createInvite(
            merchantID: merchant.id, role: role, staffID: staffID, digest: OfficeWeb.inviteDigest(token),
            web.command(visit))
        switch result {
        case .success: return list(visit, merchant: merchant, inviteLink: link)
        case .failure(let rejection):
            return list(visit, merchant: merchant, error: rejection.detail, status: .unprocessableContent)
        }
    }

    /// `POST /office/users/{id}/remove`: the user's sessions end at once.
    func remove(_ request: Request, _ context: NailbookContext, _ visit: OfficeWeb.Visit, merchant: Merchant)
        async throws -> Response
    {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let id = context.parameters.get("userId").flatMap({ UserID($0) }),
            web.engine.account(id)?.merchantID == merchant.id, id != visit.account?.id
        else { return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound) }
        _ = try await web.engine.updateAccount(id, web.command(visit)) { $0.removed = true }
        return web.redirect("/office/users")
    }

    func passwordForm(
        _ visit: OfficeWeb.Visit, error: String? = nil, done: Bool = false, status: HTTPResponse.Status = .ok
    )
        -> Response
    {
        web.page(
            PasswordPage(
                chrome: web.chrome(visit, title: visit.texts["office_change_password"], section: "password"),
                error: error, done: done),
            "office-password", status: status)
    }

    /// `POST /office/password` (fields `current`, `password`, `password2`): every other session of the account
    /// ends; this browser gets a new one.
    func changePassword(_ request: Request, _ visit: OfficeWeb.Visit) async throws -> Response {
        let form = try await FormBody.read(request, limit: 8 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let account = visit.account else { return web.redirect("/office/signin") }
        let password = form["password"] ?? ""
        guard try await web.hasher.verify(form["current"] ?? "", hash: account.passwordHash) else {
            return passwordForm(visit, error: visit.texts["office_wrong_password"], status: .unprocessableContent)
        }
        guard PasswordHasher.lengths.contains(password.utf8.count) else {
            return passwordForm(visit, error: visit.texts["office_password_rule"], status: .unprocessableContent)
        }
        guard password == form["password2"] else {
            return passwordForm(visit, error: visit.texts["office_password_mismatch"], status: .unprocessableContent)
        }
        let hash = try await web.hasher.hash(password)
        let updated = try await web.engine.updateAccount(account.id, web.command(visit)) { $0.passwordHash = hash }
        guard case .success(let changed) = updated else {
            return passwordForm(visit, error: visit.texts["office_bad_token"], status: .conflict)
        }
        let session = UserSession(
            scope: visit.scope, userID: changed.id, credentialVersion: changed.credentialVersion,
            expiresAt: visit.now + OfficeWeb.sessionLifetimeSeconds)
        var response = passwordForm(visit, done: true)
        response.setCookie(web.sessionCookie(session))
        return response
    }
}
