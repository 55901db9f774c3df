import Core
import Crypto
import HTTPTypes
import Hummingbird

/// The back-office's and the admin console's shared machinery: who is signed in, page chrome, form checks,
/// session cookies. Both sit on the customer pages' foundation (templates, catalogs, assets, security headers).
struct OfficeWeb: Sendable {
    let engine: BookingEngine
    let configuration: WebConfiguration
    let clock: @Sendable () -> Instant
    let role: NodeRole
    let templates: WebTemplates
    let assets: StaticAssets
    let catalog: MessageCatalog
    let signer: SessionSigner
    let security: PageSecurity
    let hasher: PasswordHasher
    let throttle = SignInThrottle()
    /// Where LINE is and the master key (the LINE settings page, second factors).
    let line: LineConfiguration
    /// Seals and opens channel credentials (the LINE settings page).
    let credentials: LineCredentials
    /// The node around the engine and its figures (the console's node panel); nil where pages are rendered without
    /// one.
    let hooks: NodeHooks?
    let metrics: ServerMetrics?
    /// Remembers the second-factor codes already used.
    let codes = SecondFactorCodes()
    /// The SHA-256 digest of the admin token (signs in the first platform admin).
    let adminTokenDigest: [UInt8]

    /// How long a back-office or console session lasts: 12 hours (a working day).
    static let sessionLifetimeSeconds: Int64 = 12 * 3600

    init(
        engine: BookingEngine, configuration: WebConfiguration, clock: @escaping @Sendable () -> Instant,
        role: NodeRole, templates: WebTemplates, assets: StaticAssets, catalog: MessageCatalog,
        adminTokenDigest: [UInt8], hasher: PasswordHasher = PasswordHasher(), line: LineConfiguration = .init(),
        credentials: LineCredentials? = nil, hooks: NodeHooks? = nil, metrics: ServerMetrics? = nil
    ) {
        self.engine = engine
        self.configuration = configuration
        self.clock = clock
        self.role = role
        self.templates = templates
        self.assets = assets
        self.catalog = catalog
        self.adminTokenDigest = adminTokenDigest
        self.hasher = hasher
        self.line = line
        self.credentials = credentials ?? LineCredentials(secretBox: line.secretBox)
        self.hooks = hooks
        self.metrics = metrics
        signer = SessionSigner(key: configuration.sessionKey)
        security = PageSecurity(liffSDKURL: configuration.liffSDKURL)
    }

    /// Who is asking, in one scope.
    struct Visit: Sendable {
        var scope: UserSession.Scope
        var texts: PageTexts
        var now: Instant
        var session: UserSession?
        /// The signed-in account (nil for the admin token, or when signed out).
        var account: UserAccount?

        /// The salon of a signed-in salon user.
        var merchantID: MerchantID? { account?.merchantID }

        /// The author and channel recorded with what this visitor changes.
        var origin: Origin {
            let author = account.map { Author.user($0.id) } ?? .admin
            return Origin(author: author, channel: scope == .office ? .backOffice : .adminConsole)
        }
    }

    /// Reads the session cookie of `scope` and checks it against the accounts: a session of a removed account, or
    /// of an older credential version, is no session.
    func visit(_ request: Request, scope: UserSession.Scope) -> Visit {
        let now = clock()
        let texts = catalog.texts(acceptLanguage: request.headers[.acceptLanguage], salonLanguage: nil)
        var visit = Visit(scope: scope, texts: texts, now: now)
        guard let value = request.cookies[UserSession.cookieName(scope)]?.value,
            let session = signer.session(from: value, as: UserSession.self, now: now), session.scope == scope
        else { return visit }
        if let userID = session.userID {
            guard let account = engine.account(userID), !account.removed,
                account.credentialVersion == session.credentialVersion,
                account.role.isSalonRole == (scope == .office)
            else { return visit }
            visit.account = account
            if let merchantID = account.merchantID {
                let language = engine.lineChannel(of: merchantID)?.settings.language
                visit.texts = catalog.texts(acceptLanguage: request.headers[.acceptLanguage], salonLanguage: language)
            }
        } else {
            guard scope == .admin, session.credentialVersion == adminTokenFingerprint else { return visit }
        }
        visit.session = session
        return visit
    }

    /// A fingerprint of the admin token (its digest's first eight bytes), named by token sessions.
    var adminTokenFingerprint: UInt64 {
        adminTokenDigest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The session cookie for a new session.
    func sessionCookie(_ session: UserSession) -> Cookie {
        Cookie(
            name: UserSession.cookieName(session.scope), value: signer.cookieValue(session),
            maxAge: Int(Self.sessionLifetimeSeconds), path: UserSession.cookiePath(session.scope),
            secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// The answer to a finished sign-in: a new session and the way home.
    func signedIn(_ account: UserAccount, scope: UserSession.Scope, now: Instant) -> Response {
        let session = UserSession(
            scope: scope, userID: account.id, credentialVersion: account.credentialVersion,
            expiresAt: now + Self.sessionLifetimeSeconds)
        var response = redirect(scope == .office ? "/office" : "/admin")
        response.setCookie(sessionCookie(session))
        return response
    }

    /// A cookie that clears the session of `scope`.
    func clearedCookie(_ scope: UserSession.Scope) -> Cookie {
        Cookie(
            name: UserSession.cookieName(scope), value: "", maxAge: 0, path: UserSession.cookiePath(scope),
            secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// The shared part of every back-office and console page.
    func chrome(_ visit: Visit, title: String, section: String) -> OfficeChrome {
        let salon = visit.merchantID.flatMap { engine.merchant($0) }
        let base = visit.scope == .office ? "/office" : "/admin"
        return OfficeChrome(
            lang: visit.texts["lang"], t: visit.texts.texts, css: assets.paths["office.css"] ?? "",
            js: assets.paths["office.js"] ?? "", title: title, base: base,
            salonName: salon?.name ?? (visit.scope == .admin ? "Nailbook admin" : "Nailbook"),
            userName: visit.account?.displayName ?? (visit.session != nil ? "admin" : ""),
            roleName: visit.account.map { visit.texts["role_" + $0.role.name] } ?? "",
            signedIn: visit.session != nil, isOffice: visit.scope == .office,
            csrf: visit.session.map { signer.csrfToken(for: $0) } ?? "",
            section: section, mayManage: visit.account.map { $0.role != .staff } ?? false,
            isOwner: visit.account?.role == .owner, hasAccount: visit.account != nil)
    }

    /// A rendered page.
    func page<Model: Encodable>(_ model: Model, _ template: String, status: HTTPResponse.Status = .ok) -> Response {
        HTMLPage.make(templates.render(model, template), status: status, security: security)
    }

    /// A 303 after a form post (or to the sign-in page).
    func redirect(_ location: String) -> Response { HTMLPage.redirect(to: location, security: security) }

    /// A page with a title, a text and a link back.
    func message(_ visit: Visit, title: String, text: String, status: HTTPResponse.Status, link: String? = nil)
        -> Response
    {
        page(
            OfficeMessagePage(
                chrome: chrome(visit, title: title, section: ""), title: title, text: text,
                link: link ?? (visit.scope == .office ? "/office" : "/admin")),
            "office-message", status: status)
    }

    /// The 403 page of a signed-in user asking for what their role may not see.
    func forbidden(_ visit: Visit) -> Response {
        message(
            visit, title: visit.texts["office_forbidden_title"], text: visit.texts["office_forbidden"],
            status: .forbidden)
    }

    /// Checks a state-changing request: same origin, a session, its CSRF token (form field `_csrf` or header
    /// `X-CSRF-Token`), and a leader to write to.
    func authorizeWrite(_ request: Request, _ visit: Visit, form: FormBody) -> Refusal? {
        guard RequestOriginCheck.isSameOrigin(request, publicBaseURL: configuration.publicBaseURL) else {
            return Refusal(
                response: message(visit, title: "403", text: "cross-site request refused", status: .forbidden))
        }
        guard let session = visit.session else {
            return Refusal(response: redirect(visit.scope == .office ? "/office/signin" : "/admin/signin"))
        }
        let token = form["_csrf"] ?? request.headers[.csrfToken] ?? ""
        guard signer.isValidCSRF(token, for: session) else {
            return Refusal(
                response: message(visit, title: "403", text: visit.texts["office_bad_token"], status: .forbidden))
        }
        return readOnlyRefusal(visit)
    }

    /// On a follower: a page pointing at the leader (pages still read here; forms post to the leader).
    func readOnlyRefusal(_ visit: Visit) -> Refusal? {
        guard case .follower(let leaderURL) = role.role else { return nil }
        return Refusal(
            response: message(
                visit, title: "503", text: visit.texts["read_only"], status: .serviceUnavailable,
                link: leaderURL + (visit.scope == .office ? "/office" : "/admin")))
    }

    /// Who made a change, as histories show it: a user's display name, else the kind of author.
    func authorName(_ origin: Origin) -> String {
        switch origin.author.kind {
        case .user: return engine.account(UserID(origin.author.id))?.displayName ?? "user"
        case .customer: return "customer"
        default: return origin.author.kind.name
        }
    }

    /// The context of a command a signed-in visitor gives.
    func command(_ visit: Visit) -> CommandContext { CommandContext(now: visit.now, origin: visit.origin) }

    /// The SHA-256 digest of an invite token.
    static func inviteDigest(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }
}

/// What every back-office and console page shares.
struct OfficeChrome: Codable, Sendable {
    var lang: String
    var t: [String: String]
    var css: String
    var js: String
    var title: String
    /// `/office` or `/admin`.
    var base: String
    var salonName: String
    var userName: String
    var roleName: String
    var signedIn: Bool
    var isOffice: Bool
    var csrf: String
    /// The navigation entry of this page.
    var section: String
    /// Owners and managers see the settings and reports entries.
    var mayManage: Bool
    /// Owners also see the users and LINE entries.
    var isOwner: Bool
    /// A signed-in account (not the admin token) may set up a second factor.
    var hasAccount: Bool
}

/// The view model of `office-message.mustache`.
struct OfficeMessagePage: Codable, Sendable {
    var chrome: OfficeChrome
    var title: String
    var text: String
    var link: String
}
