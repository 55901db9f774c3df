import HTTPTypes
import Hummingbird

/// HTML answers with the security headers every page carries.
enum HTMLPage {
    /// A rendered page.
    static func make(_ html: String, status: HTTPResponse.Status = .ok, security: PageSecurity) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        security.apply(to: &headers)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A 303 to a page of ours (after a form post).
    static func redirect(to location: String, security: PageSecurity) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        security.apply(to: &headers)
        return Response(status: .seeOther, headers: headers)
    }
}

/// The security headers: a strict CSP (our scripts and styles only, plus the LIFF SDK), no sniffing, no referrer
/// outside the site, and frames only from ourselves and LINE.
struct PageSecurity: Sendable {
    let contentSecurityPolicy: String

    init(liffSDKURL: String) {
        let sdkOrigin = WebConfiguration.origin(of: liffSDKURL).map { " " + $0 } ?? ""
        contentSecurityPolicy = [
            "default-src 'none'",
            "script-src 'self'\(sdkOrigin)",
            "style-src 'self'",
            "img-src 'self' data: https://profile.line-scdn.net",
            "connect-src 'self'\(sdkOrigin) https://api.line.me https://liffsdk.line-scdn.net",
            "font-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'self' https://*.line.me",
        ].joined(separator: "; ")
    }

    func apply(to headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
        headers[.crossOriginOpenerPolicy] = "same-origin-allow-popups"
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
}
