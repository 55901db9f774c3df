/// The whole state of the engine: what a snapshot holds and what replaying the log rebuilds.
public struct EngineState: Sendable {
    /// Merchants, staff, services, customers.
    public private(set) var catalog = Catalog()
    /// Bookings, holds, history, idempotency keys.
    public private(set) var ledger = Ledger()
    /// Merchant API keys (digests only).
    public private(set) var keyRing = KeyRing()
    /// LINE channels, notifications and their delivery log.
    public private(set) var outbox = Outbox()
    /// Salon users, platform operators and their invites.
    public private(set) var accounts = AccountBook()
    /// The LSN of the last event applied (0 before any).
    public private(set) var appliedLSN: LSN = 0

    /// Creates an empty state.
    public init() {}

    /// A state rebuilt from a snapshot's parts.
    init(
        catalog: Catalog, ledger: Ledger, keyRing: KeyRing, outbox: Outbox = Outbox(),
        accounts: AccountBook = AccountBook(), appliedLSN: LSN
    ) {
        self.catalog = catalog
        self.accounts = accounts
        self.ledger = ledger
        self.keyRing = keyRing
        self.outbox = outbox
        self.appliedLSN = appliedLSN
    }

    /// The same state with its catalog and ledger replaced (a snapshot's later sections complete them).
    mutating func replace(catalog: Catalog, ledger: Ledger) {
        self.catalog = catalog
        self.ledger = ledger
    }

    /// Applies one event logged at `lsn`. LSNs must increase; the event must fit the state.
    public mutating func apply(_ event: EngineEvent, lsn: LSN) throws(InconsistentEvent) {
        try InconsistentEvent.require(lsn > appliedLSN, "LSN \(lsn) not after \(appliedLSN)", event)
        var handled = try catalog.apply(event)
        if case .customerErased(let customerID, _, _) = event { ledger.eraseTexts(of: customerID) }
        if !handled { handled = try ledger.apply(event) }
        if !handled { handled = try keyRing.apply(event) }
        if !handled { handled = try outbox.apply(event, catalog: catalog) }
        if !handled { handled = try accounts.apply(event) }
        precondition(handled, "event applied by nobody")
        outbox.react(to: event, lsn: lsn, catalog: catalog, ledger: ledger)
        appliedLSN = lsn
    }

    /// Pairs of confirmed bookings of one staff member whose blocked ranges overlap (there must be none); a visit's
    /// items count with their own technicians.
    public func overlappingBookings() -> [(Booking, Booking)] {
        var byStaff: [StaffID: [(BlockedRange, Booking)]] = [:]
        for booking in ledger.bookings.values where booking.status == .confirmed {
            for (staffID, range) in booking.staffRanges { byStaff[staffID, default: []].append((range, booking)) }
        }
        var violations: [(Booking, Booking)] = []
        for var list in byStaff.values {
            list.sort { ($0.0.start, $0.1.id) < ($1.0.start, $1.1.id) }
            var latest: (BlockedRange, Booking)?
            for (range, booking) in list {
                if let (previousRange, previous) = latest, previousRange.overlaps(range) {
                    violations.append((previous, booking))
                }
                if latest == nil || range.end > latest!.0.end { latest = (range, booking) }
            }
        }
        return violations
    }
}
