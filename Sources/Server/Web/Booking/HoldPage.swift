/// `GET /book/{m}/holds/{h}`: the held slot, a countdown, an optional note, confirm or choose another time.
struct HoldPage: Codable, Sendable {
    var chrome: PageChrome
    var service: String
    var staff: String
    var when: String
    var price: String
    /// Seconds left on the hold when the page was rendered (the countdown starts there).
    var remainingSeconds: Int64
    var remainingText: String
    var confirmURL: String
    var releaseURL: String
    var timesURL: String
    var noteMax: Int
}
