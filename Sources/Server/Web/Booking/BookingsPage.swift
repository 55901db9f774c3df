/// `GET /book/{m}/bookings`: the customer's upcoming and past bookings, with cancel and reschedule while the
/// salon's deadline allows.
struct BookingsPage: Codable, Sendable {
    struct Row: Codable, Sendable {
        var id: String
        var service: String
        var staff: String
        var when: String
        var status: String
        var detailURL: String
        var cancelURL: String
        /// Where to pick a new time; nil for a visit of several services (the salon moves those).
        var rescheduleURL: String?
        /// Cancel and reschedule are offered.
        var changeable: Bool
        /// Why they are not, when the deadline has passed.
        var deadlineText: String?
    }

    /// An open waitlist entry: what the customer waits for, and the slot held for them if one was offered.
    struct WaitRow: Codable, Sendable {
        var id: String
        var service: String
        var staff: String
        var window: String
        var offer: Offer?
        var leaveURL: String
    }

    /// A slot offered from the waitlist, held until `until`.
    struct Offer: Codable, Sendable {
        var when: String
        var staff: String
        var until: String
        var acceptURL: String
    }

    var chrome: PageChrome
    var notice: String?
    var waiting: [WaitRow]
    var hasWaiting: Bool
    var upcoming: [Row]
    var past: [Row]
    var noUpcoming: Bool
    var noPast: Bool
}

/// `GET /book/{m}/bookings/{b}`: one booking (also the confirmation page after booking).
struct BookingDetailPage: Codable, Sendable {
    var chrome: PageChrome
    var notice: String?
    var booking: BookingsPage.Row
    var price: String
    var note: String
}
