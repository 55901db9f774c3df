/// A salon's figures over a range of local dates: revenue by period, technician and service; utilization;
/// cancellations and no-shows; new and returning customers.
///
/// Revenue counts confirmed and completed bookings at their service's current price (bookings do not record a
/// price). Utilization is booked minutes (confirmed and completed) over the technicians' working minutes (weekly
/// hours less time off). A customer is new in the range when their first booking that was not cancelled, ever,
/// starts in it; returning when they had one before.
public struct SalonReport: Hashable, Sendable {
    /// How revenue is grouped in time.
    public enum Grouping: String, Sendable, CaseIterable {
        case day
        case week
        case month
    }

    /// One line of a breakdown.
    public struct Line: Hashable, Sendable {
        /// The period's first day (`2026-12-01`), or the technician's or service's name.
        public var label: String
        /// Bookings that count for revenue.
        public var bookings: Int
        /// Their revenue, in the salon's currency.
        public var revenue: Int
    }

    /// The first and last local dates covered.
    public var from: LocalDate
    public var to: LocalDate
    /// Revenue by period, by technician, by service.
    public var byPeriod: [Line]
    public var byTechnician: [Line]
    public var byService: [Line]
    /// Totals.
    public var revenue: Int
    public var bookings: Int
    public var completed: Int
    public var cancelled: Int
    public var noShows: Int
    public var bookedMinutes: Int
    public var workingMinutes: Int
    public var newCustomers: Int
    public var returningCustomers: Int

    /// Booked minutes over working minutes, 0 when nobody worked.
    public var utilization: Double { workingMinutes > 0 ? Double(bookedMinutes) / Double(workingMinutes) : 0 }
    /// No-shows over bookings that were due (completed or no-show).
    public var noShowRate: Double {
        completed + noShows > 0 ? Double(noShows) / Double(completed + noShows) : 0
    }
    /// Cancellations over all bookings in the range.
    public var cancellationRate: Double { bookings > 0 ? Double(cancelled) / Double(bookings) : 0 }

    /// The longest range a report covers: a little over a year.
    public static let daysMax = 370
}

extension BookingEngine {
    /// The report of a merchant over local dates `from` … `to` (inclusive, at most ``SalonReport/daysMax`` days),
    /// computed in one pass over the range's bookings under the state lock.
    public func report(merchantID: MerchantID, from: LocalDate, to: LocalDate, grouping: SalonReport.Grouping)
        -> SalonReport?
    {
        guard from <= to, to.daysSinceEpoch - from.daysSinceEpoch < SalonReport.daysMax else { return nil }
        return store.read { state in
            guard let merchant = state.catalog.merchants[merchantID] else { return nil }
            var builder = ReportBuilder(merchant: merchant, from: from, to: to, grouping: grouping, state: state)
            return builder.build(state: state)
        }
    }
}
