/// The salons' waitlists: every entry, open and closed, and the offer holds that belong to them.
///
/// Part of the ``Ledger``, which applies the events that open and close entries: `waitlistJoined`, `waitlistLeft`
/// and `waitlistOffered` directly, and the fate of an offer hold through the hold and booking events (a confirmed
/// offer hold books the entry, a released one declines it, a swept one lapses it).
public struct Waitlist: Sendable {
    /// Every entry by id.
    public private(set) var entries: [WaitlistEntryID: WaitlistEntry] = [:]
    /// The open entries of each merchant.
    private(set) var open: [MerchantID: Set<WaitlistEntryID>] = [:]
    /// The entry each outstanding offer hold belongs to.
    public private(set) var offers: [HoldID: WaitlistEntryID] = [:]

    /// Creates an empty waitlist.
    public init() {}

    /// A merchant's open entries in queue order (the order they joined in).
    public func queue(of merchantID: MerchantID) -> [WaitlistEntry] {
        (open[merchantID] ?? []).sorted().compactMap { entries[$0] }
    }

    /// How many entries are open (waiting or holding an offer), over every merchant.
    public var openCount: Int { open.values.reduce(0) { $0 + $1.count } }

    /// The merchants with open entries.
    public var merchantsWaiting: [MerchantID] { open.keys.sorted() }

    /// The entry a hold was offered to, while the offer is outstanding.
    public func entry(offeredBy holdID: HoldID) -> WaitlistEntry? { offers[holdID].flatMap { entries[$0] } }

    /// A merchant's entries (open and closed), newest first, at most `limit`.
    public func entries(of merchantID: MerchantID, customerID: CustomerID? = nil, limit: Int) -> [WaitlistEntry] {
        let matching = entries.values.lazy.filter {
            $0.merchantID == merchantID && (customerID == nil || $0.customerID == customerID)
        }
        return Array(matching.sorted { $0.id > $1.id }.prefix(limit))
    }

    /// How many open entries a customer has.
    func openCount(of customerID: CustomerID, merchantID: MerchantID) -> Int {
        (open[merchantID] ?? []).lazy.filter { self.entries[$0]?.customerID == customerID }.count
    }

    /// Adds an entry a snapshot holds (open or closed, with its offer).
    mutating func restore(_ entry: WaitlistEntry) {
        entries[entry.id] = entry
        if entry.status.isOpen { open[entry.merchantID, default: []].insert(entry.id) }
        if entry.status == .offered, let holdID = entry.offerHoldID { offers[holdID] = entry.id }
    }

    /// Applies a waitlist event or the waitlist side of a hold or booking event; returns false for events that
    /// are not waitlist events (even when it acted on their side of them). `holds` are the ledger's holds before a
    /// `waitlistOffered` is applied.
    mutating func apply(_ event: EngineEvent, holds: [HoldID: Hold]) throws(InconsistentEvent) -> Bool {
        switch event {
        case .waitlistJoined(let entry):
            try InconsistentEvent.require(entries[entry.id] == nil, "waitlist entry exists", event)
            try InconsistentEvent.require(
                entry.status == .waiting && entry.offerHoldID == nil && entry.from < entry.to,
                "a new waitlist entry that is not waiting", event)
            restore(entry)
        case .waitlistLeft(let ids, let at, let exit, _):
            try InconsistentEvent.require(!ids.isEmpty, "no waitlist entries leave", event)
            for id in ids {
                try InconsistentEvent.require(entries[id]?.status == .waiting, "waitlist entry not waiting", event)
                close(id, as: exit.status, at: at)
            }
        case .waitlistOffered(let id, let hold):
            guard let entry = entries[id], entry.status == .waiting else {
                throw InconsistentEvent("offer to a waitlist entry that is not waiting", event)
            }
            try InconsistentEvent.require(
                hold.merchantID == entry.merchantID && hold.customerID == entry.customerID
                    && hold.serviceID == entry.serviceID && holds[hold.id] == nil,
                "an offer hold that does not fit its entry", event)
            entries[id]?.status = .offered
            entries[id]?.offerHoldID = hold.id
            offers[hold.id] = id
            return true
        case .holdReleased(let holdID, let at, _):
            if let id = offers[holdID] { close(id, as: .declined, at: at) }
            return false
        case .expiredSwept(let holdIDs, _, let at):
            for holdID in holdIDs { if let id = offers[holdID] { close(id, as: .lapsed, at: at) } }
            return false
        case .bookingCreated(let booking, _):
            if let holdID = booking.holdID, let id = offers[holdID] { close(id, as: .booked, at: booking.createdAt) }
            return false
        default:
            return false
        }
        return true
    }

    private mutating func close(_ id: WaitlistEntryID, as status: WaitlistStatus, at: Instant) {
        guard let entry = entries[id] else { preconditionFailure("closing an unknown waitlist entry") }
        precondition(entry.status.isOpen && !status.isOpen, "a waitlist entry closed twice")
        entries[id]?.status = status
        entries[id]?.closedAt = at
        if let holdID = entry.offerHoldID { offers[holdID] = nil }
        open[entry.merchantID]?.remove(id)
        if open[entry.merchantID]?.isEmpty == true { open[entry.merchantID] = nil }
    }
}
