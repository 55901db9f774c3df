/// Where and how patiently `LineClient` talks to the LINE Messaging API.
struct LineClientConfiguration: Sendable {
    /// The API origin, without a trailing slash (tests point it at the fake LINE server).
    var apiBase: String = "https://api.line.me"
    /// The whole-exchange deadline for one request, connection included.
    var requestTimeout: Duration = .seconds(10)
    /// The largest answer body read; LINE's answers are a few hundred bytes.
    var responseBodyLimitBytes: Int = 64 * 1024
}
