/// What every page template shares: language, texts, asset paths, the salon's links, the CSRF token.
struct PageChrome: Codable, Sendable {
    /// The `lang` attribute.
    var lang: String
    /// The texts of the page's language (`{{t.menu}}`).
    var t: [String: String]
    /// The hashed stylesheet and script paths.
    var css: String
    var js: String
    /// The salon's name.
    var salonName: String
    /// `/book/{m}`, `/book/{m}/bookings`.
    var bookURL: String
    var bookingsURL: String
    /// The session's CSRF token (empty before sign-in).
    var csrf: String
    /// Whether a customer is signed in (shows the navigation).
    var signedIn: Bool
    /// Whether the signed-in customer is a demo customer (shows the badge).
    var demo: Bool
}
