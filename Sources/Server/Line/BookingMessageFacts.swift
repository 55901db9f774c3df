/// The already-formatted facts about one booking that a LINE message shows (the caller formats time and names).
struct BookingMessageFacts: Sendable, Equatable {
    /// The booking's id, carried in postback data.
    var bookingId: String
    /// The salon's name.
    var merchantName: String
    /// The service booked.
    var serviceName: String
    /// The staff member doing it.
    var staffName: String
    /// The start time as the customer should read it (for example "11/28（五）14:30").
    var startsAtText: String
    /// The customer's name, when known.
    var customerName: String?
    /// Where the customer can see or change this booking.
    var bookingURL: String
}
