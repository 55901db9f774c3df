import Core
import HTTPTypes
import Hummingbird

/// The customer booking pages' shared machinery: engine, configuration, templates, texts, sessions.
struct CustomerWeb: Sendable {
    let engine: BookingEngine
    let configuration: WebConfiguration
    let clock: @Sendable () -> Instant
    let role: NodeRole
    let templates: WebTemplates
    let assets: StaticAssets
    let catalog: MessageCatalog
    let signer: SessionSigner
    let verifier: LineLoginVerifier
    let security: PageSecurity

    init(
        engine: BookingEngine, configuration: WebConfiguration, clock: @escaping @Sendable () -> Instant,
        role: NodeRole, templates: WebTemplates, assets: StaticAssets, catalog: MessageCatalog
    ) {
        self.engine = engine
        self.configuration = configuration
        self.clock = clock
        self.role = role
        self.templates = templates
        self.assets = assets
        self.catalog = catalog
        signer = SessionSigner(key: configuration.sessionKey)
        verifier = LineLoginVerifier(apiBase: configuration.lineLoginAPIBase)
        security = PageSecurity(liffSDKURL: configuration.liffSDKURL)
    }

    /// One request to a salon's pages: the salon, the texts, the customer (if signed in).
    struct Visit: Sendable {
        var merchant: Merchant
        var texts: PageTexts
        var session: CustomerSession?
        var now: Instant
    }

    /// The salon of the path and who is asking; nil when there is no such salon.
    func visit(_ request: Request, _ context: NailbookContext) -> Visit? {
        guard let text = context.parameters.get("merchantId"), let id = MerchantID(text),
            let merchant = engine.merchant(id)
        else { return nil }
        let now = clock()
        let salonLanguage = engine.lineChannel(of: id)?.settings.language
        let texts = catalog.texts(acceptLanguage: request.headers[.acceptLanguage], salonLanguage: salonLanguage)
        let session = request.cookies[CustomerSession.cookieName].flatMap {
            signer.session(from: $0.value, merchantID: id, now: now)
        }
        return Visit(merchant: merchant, texts: texts, session: session, now: now)
    }

    /// The shared part of every page of a visit.
    func chrome(_ visit: Visit) -> PageChrome {
        let base = "/book/\(visit.merchant.id)"
        let demo = visit.session.flatMap { engine.customer($0.customerID, merchantID: visit.merchant.id) }.map {
            $0.lineUserID?.hasPrefix(DemoCustomer.lineUserIDPrefix) == true
        }
        return PageChrome(
            lang: visit.texts["lang"], t: visit.texts.texts, css: assets.paths["app.css"] ?? "",
            js: assets.paths["book.js"] ?? "", salonName: visit.merchant.name, bookURL: base,
            bookingsURL: base + "/bookings", csrf: visit.session.map { signer.csrfToken(for: $0) } ?? "",
            signedIn: visit.session != nil, demo: demo ?? false)
    }

    /// A rendered page.
    func page<Model: Encodable>(_ model: Model, _ template: String, status: HTTPResponse.Status = .ok) -> Response {
        HTMLPage.make(templates.render(model, template), status: status, security: security)
    }

    /// A 303 after a form post.
    func redirect(_ location: String) -> Response { HTMLPage.redirect(to: location, security: security) }

    /// A page with a message and a way back (not found, forbidden, read-only replica, LINE down …).
    func message(
        _ visit: Visit?, title: String, text: String, link: String? = nil, linkText: String? = nil,
        status: HTTPResponse.Status
    ) -> Response {
        let texts = visit?.texts ?? catalog.texts(acceptLanguage: nil, salonLanguage: nil)
        let chrome =
            visit.map(chrome)
            ?? PageChrome(
                lang: texts["lang"], t: texts.texts, css: assets.paths["app.css"] ?? "",
                js: assets.paths["book.js"] ?? "", salonName: "Nailbook", bookURL: "/", bookingsURL: "/", csrf: "",
                signedIn: false, demo: false)
        return page(
            MessagePage(chrome: chrome, title: title, text: text, link: link, linkText: linkText), "message",
            status: status)
    }

    /// No such salon.
    func notFound(_ visit: Visit?) -> Response {
        let texts = visit?.texts ?? catalog.texts(acceptLanguage: nil, salonLanguage: nil)
        return message(visit, title: "404", text: texts["not_found"], status: .notFound)
    }

    /// Checks a state-changing request: same origin, a signed-in customer, the session's CSRF token (form field
    /// `_csrf` or header `X-CSRF-Token`), and a leader to write to. Returns the session, or the answer to give.
    func authorizeWrite(_ request: Request, _ visit: Visit, form: FormBody) -> Result<CustomerSession, Refusal> {
        guard RequestOriginCheck.isSameOrigin(request, publicBaseURL: configuration.publicBaseURL) else {
            return .failure(
                Refusal(response: message(visit, title: "403", text: "cross-site request refused", status: .forbidden)))
        }
        guard let session = visit.session else {
            return .failure(Refusal(response: redirect("/book/\(visit.merchant.id)")))
        }
        let token = form["_csrf"] ?? request.headers[.csrfToken] ?? ""
        guard signer.isValidCSRF(token, for: session) else {
            return .failure(
                Refusal(
                    response: message(
                        visit, title: "403", text: "invalid form token; reload the page", status: .forbidden)))
        }
        if let refusal = readOnlyRefusal(visit) { return .failure(refusal) }
        return .success(session)
    }

    /// A suspended salon's pages say so (503); a customer the salon blocked from booking online is asked to
    /// contact the salon (403). Nil when the visitor may book.
    func closedRefusal(_ visit: Visit) -> Refusal? {
        if visit.merchant.suspended {
            return Refusal(
                response: message(
                    visit, title: visit.texts["suspended_title"], text: visit.texts["suspended"],
                    status: .serviceUnavailable))
        }
        if let session = visit.session,
            engine.customer(session.customerID, merchantID: visit.merchant.id)?.mayBookOnline == false
                || engine.policyStopsOnlineBooking(
                    of: session.customerID, merchantID: visit.merchant.id, now: visit.now)
        {
            return Refusal(
                response: message(
                    visit, title: visit.texts["blocked_title"], text: visit.texts["blocked"], status: .forbidden))
        }
        return nil
    }

    /// On a follower: a page pointing at the leader.
    func readOnlyRefusal(_ visit: Visit) -> Refusal? {
        guard case .follower(let leaderURL) = role.role else { return nil }
        let link = leaderURL + "/book/\(visit.merchant.id)"
        return Refusal(
            response: message(
                visit, title: "503", text: visit.texts["read_only"], link: link, linkText: link,
                status: .serviceUnavailable))
    }

    /// The session cookie for a customer who just signed in.
    func sessionCookie(merchantID: MerchantID, customerID: CustomerID, now: Instant) -> Cookie {
        let session = CustomerSession(
            merchantID: merchantID, customerID: customerID, expiresAt: now + configuration.sessionLifetimeSeconds)
        return Cookie(
            name: CustomerSession.cookieName, value: signer.cookieValue(session),
            maxAge: Int(configuration.sessionLifetimeSeconds), path: CustomerSession.cookiePath,
            secure: configuration.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// The origin of commands from these pages.
    func command(_ session: CustomerSession, now: Instant) -> CommandContext {
        CommandContext(now: now, origin: Origin(author: .customer(session.customerID), channel: .liff))
    }
}

/// An answer that replaces the page a request asked for.
struct Refusal: Error, Sendable {
    var response: Response
}

/// The view model of `message.mustache`.
struct MessagePage: Codable, Sendable {
    var chrome: PageChrome
    var title: String
    var text: String
    var link: String?
    var linkText: String?
}
