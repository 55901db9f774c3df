/// What a salon knows of a customer's visits: how often they came, did not come, or cancelled late.
public struct CustomerStats: Hashable, Sendable {
    /// Completed bookings.
    public var visits = 0
    /// Bookings marked as no-shows.
    public var noShows = 0
    /// Cancellations made within the salon's cancellation deadline before the start (24 hours when the salon
    /// sets none).
    public var lateCancellations = 0
    /// Confirmed bookings still ahead or open.
    public var upcoming = 0
    /// The start of the latest completed visit.
    public var lastVisit: Instant?

    /// Creates empty figures.
    public init() {}

    /// The window before a start in which a cancellation counts as late, when the salon sets no deadline.
    public static let lateCancellationMinutesDefault = 24 * 60

    mutating func count(_ booking: Booking, lateMinutes: Int) {
        switch booking.status {
        case .completed:
            visits += 1
            if lastVisit.map({ $0 < booking.startsAt }) ?? true { lastVisit = booking.startsAt }
        case .noShow: noShows += 1
        case .confirmed: upcoming += 1
        case .cancelled:
            if let at = booking.cancelledAt, at > booking.startsAt.adding(minutes: -lateMinutes) {
                lateCancellations += 1
            }
        }
    }
}

extension BookingEngine {
    /// The figures of every customer of a merchant who has bookings, in one pass over its bookings.
    public func customerStats(of merchantID: MerchantID) -> [CustomerID: CustomerStats] {
        store.read { state in
            guard let merchant = state.catalog.merchants[merchantID] else { return [:] }
            let late = merchant.rules.cancelDeadlineMinutes ?? CustomerStats.lateCancellationMinutesDefault
            var stats: [CustomerID: CustomerStats] = [:]
            let ids = state.ledger.bookingIDs(
                of: merchantID, from: Instant(secondsSinceEpoch: Int64.min / 4),
                to: Instant(secondsSinceEpoch: Int64.max / 4))
            for id in ids {
                guard let booking = state.ledger.bookings[id] else { continue }
                stats[booking.customerID, default: CustomerStats()].count(booking, lateMinutes: late)
            }
            return stats
        }
    }
}
