import Core
import Hummingbird

/// Signing in and out of the back-office and the admin console, and making an account from an invite link.
struct SignInRoutes: Sendable {
    let web: OfficeWeb

    /// The view model of `office-signin.mustache`.
    struct SignInPage: Codable, Sendable {
        var chrome: OfficeChrome
        var action: String
        var login: String
        var error: String?
        /// The admin console also takes the admin token.
        var acceptsToken: Bool
    }

    /// The view model of `office-invite.mustache`.
    struct InvitePage: Codable, Sendable {
        var chrome: OfficeChrome
        var action: String
        var roleName: String
        var salonName: String
        var login: String
        var displayName: String
        var error: String?
    }

    func register(on router: Router<NailbookContext>) {
        for scope in [UserSession.Scope.office, .admin] {
            let base = scope == .office ? "office" : "admin"
            router.get("\(base)/signin") { request, _ -> Response in
                let visit = web.visit(request, scope: scope)
                return signInPage(visit, login: "", error: nil, status: .ok)
            }
            router.post("\(base)/signin") { request, context -> Response in
                try await signIn(request, context, scope: scope)
            }
            router.post("\(base)/signout") { request, _ -> Response in
                let visit = web.visit(request, scope: scope)
                let form = try await FormBody.read(request, limit: 4 * 1024)
                guard let session = visit.session, web.signer.isValidCSRF(form["_csrf"] ?? "", for: session),
                    RequestOriginCheck.isSameOrigin(request, publicBaseURL: web.configuration.publicBaseURL)
                else { return web.redirect("/\(base)/signin") }
                var response = web.redirect("/\(base)/signin")
                response.setCookie(web.clearedCookie(scope))
                return response
            }
            router.get("\(base)/invite/:token") { request, context -> Response in
                let visit = web.visit(request, scope: scope)
                guard let (invite, token) = openInvite(context, visit) else { return inviteGone(visit) }
                return invitePage(visit, invite, token: token, login: "", displayName: "", error: nil, status: .ok)
            }
            router.post("\(base)/invite/:token") { request, context -> Response in
                try await redeem(request, context, scope: scope)
            }
        }
    }

    private func signInPage(_ visit: OfficeWeb.Visit, login: String, error: String?, status: HTTPResponse.Status)
        -> Response
    {
        let base = visit.scope == .office ? "/office" : "/admin"
        return web.page(
            SignInPage(
                chrome: web.chrome(visit, title: visit.texts["office_sign_in"], section: "signin"),
                action: base + "/signin", login: login, error: error, acceptsToken: visit.scope == .admin),
            "office-signin", status: status)
    }

    /// `POST /office/signin` (fields `login`, `password`) or `/admin/signin` (the same, or `token`).
    private func signIn(_ request: Request, _ context: NailbookContext, scope: UserSession.Scope) async throws
        -> Response
    {
        let visit = web.visit(request, scope: scope)
        guard RequestOriginCheck.isSameOrigin(request, publicBaseURL: web.configuration.publicBaseURL) else {
            return web.message(visit, title: "403", text: "cross-site request refused", status: .forbidden)
        }
        let form = try await FormBody.read(request, limit: 8 * 1024)
        let home = scope == .office ? "/office" : "/admin"
        if scope == .admin, let token = form["token"], !token.isEmpty {
            return signInWithToken(token, visit, context, home: home)
        }
        let login = String((form["login"] ?? "").prefix(UserAccount.maxNameLength))
        let password = form["password"] ?? ""
        let address = context.remoteAddress
        if let until = web.throttle.lockedUntil(login: login, address: address, now: visit.now) {
            let minutes = max(1, Int((until.secondsSinceEpoch - visit.now.secondsSinceEpoch + 59) / 60))
            return signInPage(
                visit, login: login, error: visit.texts.text("office_locked", n: minutes), status: .tooManyRequests)
        }
        let account = web.engine.account(LoginKey(isOperator: scope == .admin, login: login))
        let matches = try await web.hasher.verify(
            password, hash: account?.passwordHash ?? PasswordHasher.decoy)
        guard let account, matches, !password.isEmpty else {
            web.throttle.recordFailure(login: login, address: address, now: visit.now)
            return signInPage(visit, login: login, error: visit.texts["office_wrong_password"], status: .unauthorized)
        }
        if account.sealedTOTPSecret != nil {
            // The lockout keeps counting until the code is right too.
            let challenge = SecondFactorChallenge(
                scope: scope, userID: account.id, credentialVersion: account.credentialVersion,
                expiresAt: visit.now + SecondFactorChallenge.lifetimeSeconds)
            return SecondFactorPages(web: web).codePage(visit, challenge: challenge)
        }
        web.throttle.recordSuccess(login: login)
        return web.signedIn(account, scope: scope, now: visit.now)
    }

    private func signInWithToken(_ token: String, _ visit: OfficeWeb.Visit, _ context: NailbookContext, home: String)
        -> Response
    {
        let address = context.remoteAddress
        if web.throttle.lockedUntil(login: "admin-token", address: address, now: visit.now) != nil {
            return signInPage(
                visit, login: "", error: visit.texts.text("office_locked", n: 15), status: .tooManyRequests)
        }
        guard TokenDigest.equal(TokenDigest.of(token), web.adminTokenDigest) else {
            web.throttle.recordFailure(login: "admin-token", address: address, now: visit.now)
            return signInPage(visit, login: "", error: visit.texts["office_wrong_password"], status: .unauthorized)
        }
        let session = UserSession(
            scope: .admin, userID: nil, credentialVersion: web.adminTokenFingerprint,
            expiresAt: visit.now + OfficeWeb.sessionLifetimeSeconds)
        var response = web.redirect(home)
        response.setCookie(web.sessionCookie(session))
        return response
    }

    private func openInvite(_ context: NailbookContext, _ visit: OfficeWeb.Visit) -> (Invite, String)? {
        guard let token = context.parameters.get("token"), token.count <= 128,
            let invite = web.engine.invite(digest: OfficeWeb.inviteDigest(token)), invite.isOpen(at: visit.now),
            (invite.role == .platformOperator) == (visit.scope == .admin)
        else { return nil }
        return (invite, token)
    }

    private func inviteGone(_ visit: OfficeWeb.Visit) -> Response {
        web.message(
            visit, title: visit.texts["office_invite_title"], text: visit.texts["office_invite_gone"],
            status: .notFound)
    }

    private func invitePage(
        _ visit: OfficeWeb.Visit, _ invite: Invite, token: String, login: String, displayName: String,
        error: String?, status: HTTPResponse.Status
    ) -> Response {
        let base = visit.scope == .office ? "/office" : "/admin"
        return web.page(
            InvitePage(
                chrome: web.chrome(visit, title: visit.texts["office_invite_title"], section: "invite"),
                action: "\(base)/invite/\(token)", roleName: visit.texts["role_" + invite.role.name],
                salonName: invite.merchantID.flatMap { web.engine.merchant($0)?.name } ?? "Nailbook",
                login: login, displayName: displayName, error: error),
            "office-invite", status: status)
    }

    /// `POST /office/invite/{token}` (fields `login`, `displayName`, `password`, `password2`): makes the account
    /// and signs it in.
    private func redeem(_ request: Request, _ context: NailbookContext, scope: UserSession.Scope) async throws
        -> Response
    {
        let visit = web.visit(request, scope: scope)
        guard RequestOriginCheck.isSameOrigin(request, publicBaseURL: web.configuration.publicBaseURL) else {
            return web.message(visit, title: "403", text: "cross-site request refused", status: .forbidden)
        }
        if let refusal = web.readOnlyRefusal(visit) { return refusal.response }
        guard let (invite, token) = openInvite(context, visit) else { return inviteGone(visit) }
        let form = try await FormBody.read(request, limit: 8 * 1024)
        let login = form["login"] ?? ""
        let displayName = form["displayName"] ?? ""
        let password = form["password"] ?? ""
        func again(_ key: String) -> Response {
            invitePage(
                visit, invite, token: token, login: login, displayName: displayName, error: visit.texts[key],
                status: .unprocessableContent)
        }
        guard PasswordHasher.lengths.contains(password.utf8.count) else { return again("office_password_rule") }
        guard password == form["password2"] else { return again("office_password_mismatch") }
        let hash = try await web.hasher.hash(password)
        let result = try await web.engine.redeemInvite(
            digest: invite.digest, login: login, displayName: displayName, passwordHash: hash,
            CommandContext(now: visit.now, origin: visit.origin))
        switch result {
        case .failure(let rejection) where rejection.code == .duplicate: return again("office_login_taken")
        case .failure(let rejection) where rejection.code == .validationFailed: return again("office_name_rule")
        case .failure: return inviteGone(visit)
        case .success(let account): return web.signedIn(account, scope: scope, now: visit.now)
        }
    }
}
