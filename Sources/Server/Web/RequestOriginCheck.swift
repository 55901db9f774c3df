import HTTPTypes
import Hummingbird

/// The Origin / Sec-Fetch-Site half of CSRF protection: a state-changing request must come from our own pages.
enum RequestOriginCheck {
    /// Whether the request may change state: `Sec-Fetch-Site` (when sent) is same-origin or none, and `Origin`
    /// (when sent) is this server, as the public URL or the Host the request came to.
    static func isSameOrigin(_ request: Request, publicBaseURL: String) -> Bool {
        if let site = request.headers[.secFetchSite], site != "same-origin", site != "none" { return false }
        // Browsers send Origin on every POST; without it, the session-bound token alone decides.
        guard let origin = request.headers[.origin] else { return true }
        if origin == WebConfiguration.origin(of: publicBaseURL) { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }
}

extension HTTPField.Name {
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let csrfToken = HTTPField.Name("X-CSRF-Token")!
}
