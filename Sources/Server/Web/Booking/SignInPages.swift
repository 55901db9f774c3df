import Core
import Foundation
import Hummingbird

/// Signing in: the LIFF ID-token exchange, the demo sign-in, and the sign-in page itself.
struct SignInPages: Sendable {
    let web: CustomerWeb

    /// The view model of `signin.mustache`.
    struct SignInPage: Codable, Sendable {
        var chrome: PageChrome
        /// The salon's LIFF app (the page runs `liff.init` with it), if any.
        var liffId: String?
        /// The LIFF SDK script, loaded only when the salon has a LIFF app.
        var sdkScript: String?
        var demoAllowed: Bool
        var sessionURL: String
        var demoURL: String
    }

    /// The LINE Login channel against which a salon's ID tokens are verified: the one stored with its LINE
    /// settings, else the LIFF id's prefix.
    static func loginChannelID(of channel: LineChannel) -> String? {
        channel.loginChannelID ?? channel.liffID.flatMap { loginChannelID(liffID: $0) }
    }

    /// The LINE Login channel id of a LIFF app: a LIFF id is `<channel id>-<suffix>`.
    static func loginChannelID(liffID: String) -> String? {
        guard let dash = liffID.firstIndex(of: "-") else { return nil }
        let channel = String(liffID[..<dash])
        return channel.isEmpty || !channel.allSatisfy(\.isNumber) ? nil : channel
    }

    func demoAllowed(_ merchantID: MerchantID) -> Bool {
        web.configuration.demoSignIn
            || (web.configuration.devDemoSignIn && web.engine.lineChannel(of: merchantID) == nil)
    }

    /// The page a signed-out visitor sees.
    func signInPage(_ visit: CustomerWeb.Visit) -> Response {
        let base = "/book/\(visit.merchant.id)"
        let liffID = web.engine.lineChannel(of: visit.merchant.id)?.liffID
        return web.page(
            SignInPage(
                chrome: web.chrome(visit), liffId: liffID, sdkScript: liffID.map { _ in web.configuration.liffSDKURL },
                demoAllowed: demoAllowed(visit.merchant.id), sessionURL: base + "/session",
                demoURL: base + "/demo-session"),
            "signin")
    }

    /// `POST /book/{m}/session` (field `id_token`): verify with LINE Login, link or create the customer as a follow
    /// event does, set the session cookie.
    func exchange(_ request: Request, _ visit: CustomerWeb.Visit) async throws -> Response {
        guard RequestOriginCheck.isSameOrigin(request, publicBaseURL: web.configuration.publicBaseURL) else {
            return web.message(visit, title: "403", text: "cross-site request refused", status: .forbidden)
        }
        if let refusal = web.readOnlyRefusal(visit) { return refusal.response }
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let base = "/book/\(visit.merchant.id)"
        guard let channel = web.engine.lineChannel(of: visit.merchant.id), let liffID = channel.liffID,
            let channelID = Self.loginChannelID(of: channel)
        else {
            return web.message(visit, title: "LINE", text: visit.texts["open_in_line"], status: .badRequest)
        }
        let token = form["id_token"] ?? ""
        guard !token.isEmpty else { return relogin(visit, liffID: liffID) }
        switch await web.verifier.verify(idToken: token, channelID: channelID, now: visit.now) {
        case .verified(let userID, let displayName):
            let context = CommandContext(now: visit.now, origin: Origin(author: .system, channel: .liff))
            let customer = try await web.engine.lineUserFollowed(
                userID, displayName: displayName, merchantID: visit.merchant.id, context
            ).orProblem()
            var response = web.redirect(base)
            response.setCookie(
                web.sessionCookie(merchantID: visit.merchant.id, customerID: customer.id, now: visit.now))
            return response
        case .expired, .invalid:
            return relogin(visit, liffID: liffID)
        case .unavailable:
            return web.message(
                visit, title: "LINE", text: visit.texts["line_unavailable"], link: base,
                linkText: visit.texts["try_again"], status: .serviceUnavailable)
        }
    }

    /// The way back through LINE Login after an expired or refused token (the page's script logs out of the
    /// LIFF app and logs in again; the button does the same by hand).
    private func relogin(_ visit: CustomerWeb.Visit, liffID: String) -> Response {
        web.page(
            SignInPage(
                chrome: web.chrome(visit), liffId: liffID, sdkScript: web.configuration.liffSDKURL, demoAllowed: false,
                sessionURL: "/book/\(visit.merchant.id)/session", demoURL: ""),
            "relogin", status: .unauthorized)
    }

    /// `POST /book/{m}/demo-session`: a new demo customer, when the demo sign-in is on.
    func demo(_ request: Request, _ visit: CustomerWeb.Visit) async throws -> Response {
        guard RequestOriginCheck.isSameOrigin(request, publicBaseURL: web.configuration.publicBaseURL),
            demoAllowed(visit.merchant.id)
        else { return web.message(visit, title: "403", text: "demo sign-in is off", status: .forbidden) }
        if let refusal = web.readOnlyRefusal(visit) { return refusal.response }
        let customer = try await DemoCustomer.create(
            engine: web.engine, merchantID: visit.merchant.id, now: visit.now
        ).orProblem()
        var response = web.redirect("/book/\(visit.merchant.id)")
        response.setCookie(web.sessionCookie(merchantID: visit.merchant.id, customerID: customer.id, now: visit.now))
        return response
    }
}
