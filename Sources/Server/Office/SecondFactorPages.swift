import Core
import Foundation
import Hummingbird

/// Turning a TOTP second factor on and off (`{base}/two-factor`, for salon users and platform operators), and the
/// code step of signing in (`{base}/signin/code`).
struct SecondFactorPages: Sendable {
    let web: OfficeWeb

    /// The view model of `office-two-factor.mustache`.
    struct Page: Codable, Sendable {
        var chrome: OfficeChrome
        var enabled: Bool
        var hasMasterKey: Bool
        /// While setting up: the sealed new secret, the key to type and the app link.
        var pending: String?
        var typedKey: String?
        var appURL: String?
        var notice: String?
        var error: String?
    }

    /// The view model of `office-code.mustache`.
    struct CodePage: Codable, Sendable {
        var chrome: OfficeChrome
        var action: String
        var challenge: String
        var error: String?
    }

    func register(on router: Router<NailbookContext>) {
        for scope in [UserSession.Scope.office, .admin] {
            let base = scope == .office ? "office" : "admin"
            router.get("\(base)/two-factor") { request, _ -> Response in
                try await withAccount(request, scope) { visit, account in page(visit, account) }
            }
            router.post("\(base)/two-factor/setup") { request, _ -> Response in
                try await withAccount(request, scope) { visit, account in try await setUp(request, visit, account) }
            }
            router.post("\(base)/two-factor/enable") { request, _ -> Response in
                try await withAccount(request, scope) { visit, account in try await enable(request, visit, account) }
            }
            router.post("\(base)/two-factor/disable") { request, _ -> Response in
                try await withAccount(request, scope) { visit, account in try await disable(request, visit, account) }
            }
            router.post("\(base)/signin/code") { request, context -> Response in
                try await signInWithCode(request, context, scope: scope)
            }
        }
    }

    /// A signed-in visitor with an account (an admin-token session has none, so nothing to protect).
    private func withAccount(
        _ request: Request, _ scope: UserSession.Scope, _ body: (OfficeWeb.Visit, UserAccount) async throws -> Response
    ) async throws -> Response {
        let visit = web.visit(request, scope: scope)
        guard visit.session != nil else { return web.redirect(scope == .office ? "/office/signin" : "/admin/signin") }
        guard let account = visit.account else {
            return web.message(
                visit, title: visit.texts["office_two_factor"], text: visit.texts["office_two_factor_token_session"],
                status: .notFound)
        }
        return try await body(visit, account)
    }

    private func page(
        _ visit: OfficeWeb.Visit, _ account: UserAccount, pending: (sealed: String, secret: String)? = nil,
        notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        web.page(
            Page(
                chrome: web.chrome(visit, title: visit.texts["office_two_factor"], section: "two-factor"),
                enabled: account.sealedTOTPSecret != nil, hasMasterKey: web.line.hasMasterKey,
                pending: pending?.sealed, typedKey: pending.map { SecondFactor.typedKey(secret: $0.secret) },
                appURL: pending.map {
                    SecondFactor.authenticatorURL(secret: $0.secret, login: account.login, issuer: "Nailbook")
                }, notice: notice, error: error),
            "office-two-factor", status: status)
    }

    /// `POST {base}/two-factor/setup`: a new secret to add to an app; nothing changes until a code proves it.
    private func setUp(_ request: Request, _ visit: OfficeWeb.Visit, _ account: UserAccount) async throws -> Response {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let box = web.line.secretBox else {
            return page(
                visit, account, error: visit.texts["office_two_factor_no_master_key"], status: .serviceUnavailable)
        }
        let secret = SecondFactor.newSecret()
        let sealed = box.seal(
            Array(secret.utf8), associatedData: SecondFactor.associatedData(account.id, pending: true))
        return page(visit, account, pending: (SessionSigner.base64url(sealed), secret))
    }

    /// `POST {base}/two-factor/enable` (fields `pending`, `code`): the first code from the app turns it on; every
    /// other session of the account ends, this browser gets a new one.
    private func enable(_ request: Request, _ visit: OfficeWeb.Visit, _ account: UserAccount) async throws -> Response {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let box = web.line.secretBox, let sealed = SessionSigner.fromBase64url(form["pending"] ?? ""),
            let opened = try? box.open(
                Array(sealed), associatedData: SecondFactor.associatedData(account.id, pending: true))
        else { return page(visit, account, error: visit.texts["office_bad_token"], status: .unprocessableContent) }
        let secret = String(decoding: opened, as: UTF8.self)
        guard let step = SecondFactor.matchingStep(form["code"] ?? "", secret: secret, now: visit.now),
            web.codes.claim(step, for: account.id)
        else {
            return page(
                visit, account, pending: (form["pending"] ?? "", secret), error: visit.texts["office_wrong_code"],
                status: .unprocessableContent)
        }
        let stored = box.seal(opened, associatedData: SecondFactor.associatedData(account.id, pending: false))
        return try await change(visit, account, notice: "office_two_factor_enabled") { $0.sealedTOTPSecret = stored }
    }

    /// `POST {base}/two-factor/disable` (field `code`): a code of the app in force turns it off.
    private func disable(_ request: Request, _ visit: OfficeWeb.Visit, _ account: UserAccount) async throws
        -> Response
    {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let secret = secret(of: account),
            let step = SecondFactor.matchingStep(form["code"] ?? "", secret: secret, now: visit.now),
            web.codes.claim(step, for: account.id)
        else { return page(visit, account, error: visit.texts["office_wrong_code"], status: .unprocessableContent) }
        return try await change(visit, account, notice: "office_two_factor_disabled") { $0.sealedTOTPSecret = nil }
    }

    private func change(
        _ visit: OfficeWeb.Visit, _ account: UserAccount, notice: String,
        _ edit: @escaping @Sendable (inout UserAccount) -> Void
    ) async throws -> Response {
        guard case .success(let changed) = try await web.engine.updateAccount(account.id, web.command(visit), edit)
        else { return page(visit, account, error: visit.texts["office_bad_token"], status: .conflict) }
        var visit = visit
        visit.account = changed
        let session = UserSession(
            scope: visit.scope, userID: changed.id, credentialVersion: changed.credentialVersion,
            expiresAt: visit.now + OfficeWeb.sessionLifetimeSeconds)
        visit.session = session
        var response = page(visit, changed, notice: visit.texts[notice])
        response.setCookie(web.sessionCookie(session))
        return response
    }

    /// The account's secret in clear; nil without one or without the master key that sealed it.
    func secret(of account: UserAccount) -> String? {
        guard let sealed = account.sealedTOTPSecret, let box = web.line.secretBox,
            let opened = try? box.open(sealed, associatedData: SecondFactor.associatedData(account.id, pending: false))
        else { return nil }
        return String(decoding: opened, as: UTF8.self)
    }

    /// The code form after a right password.
    func codePage(
        _ visit: OfficeWeb.Visit, challenge: SecondFactorChallenge, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let base = visit.scope == .office ? "/office" : "/admin"
        return web.page(
            CodePage(
                chrome: web.chrome(visit, title: visit.texts["office_two_factor"], section: "signin"),
                action: base + "/signin/code", challenge: web.signer.cookieValue(challenge), error: error),
            "office-code", status: status)
    }

    /// `POST {base}/signin/code` (fields `challenge`, `code`): the second step; wrong codes count as wrong
    /// passwords for the lockout.
    private func signInWithCode(_ request: Request, _ context: NailbookContext, scope: UserSession.Scope)
        async throws -> Response
    {
        let visit = web.visit(request, scope: scope)
        let signIn = scope == .office ? "/office/signin" : "/admin/signin"
        guard RequestOriginCheck.isSameOrigin(request, publicBaseURL: web.configuration.publicBaseURL) else {
            return web.message(visit, title: "403", text: "cross-site request refused", status: .forbidden)
        }
        let form = try await FormBody.read(request, limit: 4 * 1024)
        guard
            let challenge = web.signer.session(
                from: form["challenge"] ?? "", as: SecondFactorChallenge.self, now: visit.now),
            challenge.scope == scope, let account = web.engine.account(challenge.userID), !account.removed,
            account.credentialVersion == challenge.credentialVersion
        else { return web.redirect(signIn) }
        let address = context.remoteAddress
        if let until = web.throttle.lockedUntil(login: account.login, address: address, now: visit.now) {
            let minutes = max(1, Int((until.secondsSinceEpoch - visit.now.secondsSinceEpoch + 59) / 60))
            return codePage(
                visit, challenge: challenge, error: visit.texts.text("office_locked", n: minutes),
                status: .tooManyRequests)
        }
        guard let secret = secret(of: account) else {
            return web.message(
                visit, title: visit.texts["office_two_factor"], text: visit.texts["office_two_factor_no_master_key"],
                status: .serviceUnavailable)
        }
        guard let step = SecondFactor.matchingStep(form["code"] ?? "", secret: secret, now: visit.now),
            web.codes.claim(step, for: account.id)
        else {
            web.throttle.recordFailure(login: account.login, address: address, now: visit.now)
            return codePage(visit, challenge: challenge, error: visit.texts["office_wrong_code"], status: .unauthorized)
        }
        web.throttle.recordSuccess(login: account.login)
        return web.signedIn(account, scope: scope, now: visit.now)
    }
}
