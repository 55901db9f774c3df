/// A filter over one merchant's bookings, ordered by start time then id.
public struct BookingQuery: Hashable, Sendable {
    /// The merchant.
    public var merchantID: MerchantID
    /// Bookings starting at or after this instant.
    public var from: Instant?
    /// Bookings starting before this instant.
    public var to: Instant?
    /// Only this staff member's.
    public var staffID: StaffID?
    /// Only in this status.
    public var status: BookingStatus?
    /// Only this customer's.
    public var customerID: CustomerID?
    /// At most this many (1–500).
    public var limit: Int
    /// Continue after this position (from a previous page).
    public var after: BookingCursor?

    /// Creates a query.
    public init(
        merchantID: MerchantID,
        from: Instant? = nil,
        to: Instant? = nil,
        staffID: StaffID? = nil,
        status: BookingStatus? = nil,
        customerID: CustomerID? = nil,
        limit: Int = 100,
        after: BookingCursor? = nil
    ) {
        self.merchantID = merchantID
        self.from = from
        self.to = to
        self.staffID = staffID
        self.status = status
        self.customerID = customerID
        self.limit = limit
        self.after = after
    }

    /// The largest page.
    public static let limitMax = 500
}

/// A position in a booking listing: after (startsAt, id).
public struct BookingCursor: Hashable, Sendable {
    /// The start of the last booking returned.
    public var startsAt: Instant
    /// Its id.
    public var id: BookingID

    /// Creates a cursor.
    public init(startsAt: Instant, id: BookingID) {
        self.startsAt = startsAt
        self.id = id
    }
}

/// One page of bookings.
public struct BookingPage: Hashable, Sendable {
    /// The bookings, by start then id.
    public var bookings: [Booking]
    /// Where the next page starts; nil on the last page.
    public var next: BookingCursor?
}

extension BookingEngine {
    /// Every merchant, oldest first.
    public func merchants() -> [Merchant] { store.read { $0.catalog.merchants.values.sorted { $0.id < $1.id } } }
    /// A merchant.
    public func merchant(_ id: MerchantID) -> Merchant? { store.read { $0.catalog.merchants[id] } }
    /// A merchant's staff, in creation order.
    public func staff(of merchantID: MerchantID) -> [Staff] { store.read { $0.catalog.staff(of: merchantID) } }
    /// A merchant's services, in creation order.
    public func services(of merchantID: MerchantID) -> [Service] { store.read { $0.catalog.services(of: merchantID) } }
    /// The booking's services by name, in order ("Removal + Gel + Art" for a visit).
    public func serviceNames(of booking: Booking) -> String { store.read { $0.catalog.serviceNames(of: booking) } }
    /// The booking's technicians by name.
    public func staffNames(of booking: Booking) -> String { store.read { $0.catalog.staffNames(of: booking) } }
    /// What the booking's services cost at their current prices.
    public func price(of booking: Booking) -> Int { store.read { $0.catalog.price(of: booking) } }

    /// A merchant's shared resources, in creation order.
    public func resources(of merchantID: MerchantID) -> [Resource] {
        store.read { $0.catalog.resources(of: merchantID) }
    }

    /// A resource, if it belongs to the merchant.
    public func resource(_ id: ResourceID, merchantID: MerchantID) -> Resource? {
        store.read { $0.catalog.resources[id] }.flatMap { $0.merchantID == merchantID ? $0 : nil }
    }

    /// A merchant's customers, in creation order.
    public func customers(of merchantID: MerchantID) -> [Customer] {
        store.read { $0.catalog.customers(of: merchantID) }
    }

    /// A staff member, if it belongs to the merchant.
    public func staff(_ id: StaffID, merchantID: MerchantID) -> Staff? {
        store.read { $0.catalog.staff[id] }.flatMap { $0.merchantID == merchantID ? $0 : nil }
    }

    /// A service, if it belongs to the merchant.
    public func service(_ id: ServiceID, merchantID: MerchantID) -> Service? {
        store.read { $0.catalog.services[id] }.flatMap { $0.merchantID == merchantID ? $0 : nil }
    }

    /// A customer, if it belongs to the merchant.
    public func customer(_ id: CustomerID, merchantID: MerchantID) -> Customer? {
        store.read { $0.catalog.customers[id] }.flatMap { $0.merchantID == merchantID ? $0 : nil }
    }

    /// The merchant's customer with this LINE user id.
    public func customer(lineUserID: String, merchantID: MerchantID) -> Customer? {
        store.read { $0.catalog.customer(merchantID: merchantID, lineUserID: lineUserID) }
    }

    /// A durable booking, if it belongs to the merchant.
    public func booking(_ id: BookingID, merchantID: MerchantID) -> Booking? {
        store.read { $0.ledger.bookings[id] }.flatMap { $0.merchantID == merchantID ? $0 : nil }
    }

    /// A hold, if it belongs to the merchant and has not been confirmed, released or swept.
    public func hold(_ id: HoldID, merchantID: MerchantID) -> Hold? {
        store.read { $0.ledger.holds[id] }.flatMap { $0.merchantID == merchantID ? $0 : nil }
    }

    /// A booking's history, oldest first; nil if there is no such booking at the merchant.
    public func history(of id: BookingID, merchantID: MerchantID) -> [BookingChange]? {
        store.read { state in
            state.ledger.bookings[id]?.merchantID == merchantID ? state.ledger.history(of: id) : nil
        }
    }

    /// One page of a merchant's bookings.
    public func bookings(_ query: BookingQuery) -> BookingPage {
        let limit = min(max(query.limit, 1), BookingQuery.limitMax)
        let from = query.from ?? Instant(secondsSinceEpoch: Int64.min / 2)
        let to = query.to ?? Instant(secondsSinceEpoch: Int64.max / 2)
        var matches: [Booking] = store.read { state in
            state.ledger.bookingIDs(of: query.merchantID, from: from, to: to).compactMap { id in
                guard let booking = state.ledger.bookings[id], from <= booking.startsAt, booking.startsAt < to,
                    query.staffID.map({ booking.staffIDs.contains($0) }) ?? true,
                    query.status.map({ $0 == booking.status }) ?? true,
                    query.customerID.map({ $0 == booking.customerID }) ?? true
                else { return nil }
                if let after = query.after, (booking.startsAt, booking.id) <= (after.startsAt, after.id) { return nil }
                return booking
            }
        }
        matches.sort { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }
        guard matches.count > limit else { return BookingPage(bookings: matches, next: nil) }
        let page = Array(matches.prefix(limit))
        let last = page[page.count - 1]
        return BookingPage(bookings: page, next: BookingCursor(startsAt: last.startsAt, id: last.id))
    }
}

extension BookingEngine {
    /// A staff member's working ranges on a local date in the salon's zone (weekly hours; time off not removed).
    public func workingRanges(of staff: Staff, on date: LocalDate, zone: ZoneRules) -> [BlockedRange] {
        WorkingTime.ranges(of: staff, on: date, zone: zone)
    }
}

extension BookingEngine {
    /// Every booking of a merchant held in memory (of one customer, when given), by ascending id, with its history:
    /// the exports' and a customer's full history's source (archived bookings are in the archive files).
    public func bookingsWithHistory(of merchantID: MerchantID, customerID: CustomerID? = nil) -> [ArchivedBooking] {
        store.read { state in
            state.ledger.bookings.values.filter { booking in
                booking.merchantID == merchantID && (customerID.map { booking.customerID == $0 } ?? true)
            }.sorted { $0.id < $1.id }.map { booking in
                ArchivedBooking(booking: booking, changes: Array(state.ledger.history(of: booking.id).dropFirst()))
            }
        }
    }
}
