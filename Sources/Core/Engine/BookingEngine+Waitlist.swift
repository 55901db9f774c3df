/// What one waitlist scan did.
public struct WaitlistScan: Hashable, Sendable {
    /// Slots offered (each held for its customer).
    public var offered = 0
    /// Entries closed because their window passed or their customer was erased.
    public var ended = 0

    /// Creates an empty tally.
    public init() {}
}

/// A waitlist entry or customer with a change in flight.
enum WaitlistClaim: Hashable {
    case entry(WaitlistEntryID)
    case customer(CustomerID)
}

extension BookingEngine {
    /// Puts a customer on a salon's waitlist.
    public func joinWaitlist(_ request: NewWaitlistEntry, _ context: CommandContext) async throws(DurabilityError)
        -> Result<WaitlistEntry, Rejection>
    {
        // One join per customer at a time, so that two concurrent joins cannot both pass the cap.
        guard claim(.customer(request.customerID)) else { return .failure(Self.waitlistBusy) }
        defer { unclaim(.customer(request.customerID)) }
        let id = WaitlistEntryID(ids.next())
        let planned = store.read { WaitlistPlanner.plan(request, id: id, in: $0, context: context) }
        guard case .success(let entry) = planned else { return planned }
        _ = try await commit(.waitlistJoined(entry))
        return .success(entry)
    }

    /// Takes an entry off the waitlist: a waiting entry leaves; an entry holding an offer declines it (the slot
    /// goes to the next customer). With `customerID`, only that customer's entry is found.
    public func leaveWaitlist(
        _ id: WaitlistEntryID, merchantID: MerchantID, customerID: CustomerID? = nil, _ context: CommandContext
    ) async throws(DurabilityError) -> Result<WaitlistEntry, Rejection> {
        guard claim(.entry(id)) else { return .failure(Self.waitlistBusy) }
        defer { unclaim(.entry(id)) }
        guard let entry = waitlistEntry(id, merchantID: merchantID, customerID: customerID) else {
            return .failure(.notFound("waitlist entry"))
        }
        switch entry.status {
        case .waiting:
            _ = try await commit(.waitlistLeft([id], at: context.now, exit: .left, origin: context.origin))
        case .offered:
            guard let holdID = entry.offerHoldID else { preconditionFailure("an offered entry without its hold") }
            if case .failure(let rejection) = try await releaseHold(holdID, merchantID: merchantID, context) {
                return .failure(rejection)
            }
        default:
            return .failure(Rejection(.invalidStateTransition, "the waitlist entry is already closed"))
        }
        guard let closed = store.read({ $0.ledger.waitlist.entries[id] }), !closed.status.isOpen else {
            preconditionFailure("a waitlist entry that left is still open")
        }
        return .success(closed)
    }

    /// Books the slot offered to an entry (its hold is confirmed; the booking takes the offer's id). Accepting an
    /// offer that was already booked answers with that booking.
    public func acceptWaitlistOffer(
        _ id: WaitlistEntryID, merchantID: MerchantID, customerID: CustomerID? = nil, _ context: CommandContext
    ) async throws(DurabilityError) -> Result<Booking, Rejection> {
        guard let entry = waitlistEntry(id, merchantID: merchantID, customerID: customerID) else {
            return .failure(.notFound("waitlist entry"))
        }
        switch entry.status {
        case .offered: break
        case .booked:
            if let bookingID = entry.offeredBookingID, let booking = booking(bookingID, merchantID: merchantID) {
                return .success(booking)
            }
            return .failure(.notFound("booking"))
        case .lapsed: return .failure(Rejection(.holdExpired, "the offer has expired"))
        default: return .failure(Rejection(.invalidStateTransition, "no offer is open for this entry"))
        }
        guard let holdID = entry.offerHoldID, let hold = store.read({ $0.ledger.holds[holdID] }) else {
            return .failure(Rejection(.holdExpired, "the offer has expired"))
        }
        let request = NewBooking(
            merchantID: merchantID, serviceID: hold.serviceID, staffID: hold.staffID, customerID: entry.customerID,
            startsAt: hold.startsAt, holdID: hold.id)
        return try await createBooking(request, context)
    }

    /// An entry of the merchant (and of the customer, if given).
    public func waitlistEntry(_ id: WaitlistEntryID, merchantID: MerchantID, customerID: CustomerID? = nil)
        -> WaitlistEntry?
    {
        guard let entry = store.read({ $0.ledger.waitlist.entries[id] }), entry.merchantID == merchantID,
            customerID == nil || entry.customerID == customerID
        else { return nil }
        return entry
    }

    /// A merchant's waitlist entries, newest first (optionally one customer's, optionally only open ones).
    public func waitlist(
        of merchantID: MerchantID, customerID: CustomerID? = nil, openOnly: Bool = false, limit: Int = 200
    ) -> [WaitlistEntry] {
        store.read { state in
            openOnly
                ? state.ledger.waitlist.queue(of: merchantID).filter {
                    customerID == nil || $0.customerID == customerID
                }
                .reversed().prefix(limit).map { $0 }
                : state.ledger.waitlist.entries(of: merchantID, customerID: customerID, limit: limit)
        }
    }

    /// Offers free slots to waiting entries, queue by queue in the order customers joined: each waiting entry gets
    /// the first free start in its window (a hold of `offerMinutes`, logged with the offer), so a slot taken by one
    /// offer is not free for the next entry. Entries whose window passed, or whose customer was erased, are closed.
    /// Only a leader calls it (its offers are log records).
    @discardableResult
    public func offerWaitlistSlots(now: Instant, offerMinutes: Int) async throws(DurabilityError) -> WaitlistScan {
        precondition(offerMinutes > 0, "an offer is held for at least a minute")
        var scan = WaitlistScan()
        let queues = store.read { state in
            state.ledger.waitlist.merchantsWaiting.map { merchantID in
                state.ledger.waitlist.queue(of: merchantID).filter { $0.status == .waiting }.map { entry in
                    (entry, Self.waitlistEntryIsOver(entry, now: now, in: state))
                }
            }
        }
        for queue in queues {
            scan.ended += try await endWaitlistEntries(queue.filter(\.1).map(\.0), now: now)
            for (entry, over) in queue where !over {
                if try await offerSlot(to: entry, now: now, offerMinutes: offerMinutes) { scan.offered += 1 }
            }
        }
        return scan
    }

    /// Whether an outstanding offer's hold has expired by `now` (a sweep lapses it and frees its slot).
    public func hasLapsedWaitlistOffers(now: Instant) -> Bool {
        store.read { state in
            state.ledger.waitlist.offers.keys.contains { state.ledger.holds[$0].map { !$0.isLive(at: now) } ?? false }
        }
    }

    /// Whether a waiting entry can no longer be offered anything: its window passed, its customer was erased,
    /// or its service or technician is gone.
    private static func waitlistEntryIsOver(_ entry: WaitlistEntry, now: Instant, in state: borrowing EngineState)
        -> Bool
    {
        let catalog = state.catalog
        guard let services = WaitlistPlanner.services(of: entry, catalog: catalog),
            catalog.customers[entry.customerID]?.erasedAt == nil
        else { return true }
        return entry.to.adding(minutes: -WaitlistPlanner.length(of: services, parallel: entry.parallel)) < now
    }

    /// Closes waiting entries that can no longer be offered anything, in one record.
    private func endWaitlistEntries(_ entries: [WaitlistEntry], now: Instant) async throws(DurabilityError) -> Int {
        let claimed = entries.filter { claim(.entry($0.id)) }
        defer { for entry in claimed { unclaim(.entry(entry.id)) } }
        let ids = store.read { state in
            claimed.map(\.id).filter { state.ledger.waitlist.entries[$0]?.status == .waiting }
        }
        guard !ids.isEmpty else { return 0 }
        let origin = Origin(author: .system, channel: .system)
        _ = try await commit(.waitlistLeft(ids, at: now, exit: .ended, origin: origin))
        return ids.count
    }

    /// Offers the first free slot in the entry's window; false when there is none (or it was taken meanwhile).
    private func offerSlot(to entry: WaitlistEntry, now: Instant, offerMinutes: Int) async throws(DurabilityError)
        -> Bool
    {
        for slot in await freeSlots(for: entry, now: now) {
            guard claim(.entry(entry.id)) else { return false }
            defer { unclaim(.entry(entry.id)) }
            let holdID = HoldID(ids.next())
            let planned = store.read {
                WaitlistPlanner.offer(slot, to: entry, holdID: holdID, in: $0, now: now, offerMinutes: offerMinutes)
            }
            guard case .success(let hold) = planned else { return false }
            let owner = ScheduleOwner.hold(holdID)
            // Check and reserve happen inside the actors with no suspension between them: a slot another request
            // took since the search is refused here, and the next free one is tried.
            if await reserve(Claims(hold), for: owner, holdExpiry: hold.expiresAt, now: now) != nil { continue }
            do {
                _ = try await commit(.waitlistOffered(entry.id, hold))
            } catch {
                await release(Claims(hold), of: owner)
                throw error
            }
            return true
        }
        return false
    }

    /// How many free starts one offer tries before giving up until the next scan.
    static let offerAttemptsMax = 3

    /// The first few free starts in the entry's window, earliest first, day by day in the merchant's zone (a
    /// visit's with every item's technician).
    private func freeSlots(for entry: WaitlistEntry, now: Instant) async -> [VisitSlot] {
        guard let zone = store.read({ $0.catalog.merchants[entry.merchantID]?.zone }) else { return [] }
        let start = max(entry.from, now)
        var date = zone.localDateTime(at: start).date
        let lastDate = zone.localDateTime(at: entry.to).date
        while date <= lastDate {
            let fitting = await freeSlots(for: entry, on: date, now: now).filter {
                $0.startsAt >= start && $0.endsAt <= entry.to
            }
            if !fitting.isEmpty { return Array(fitting.prefix(Self.offerAttemptsMax)) }
            date = date.adding(days: 1)
        }
        return []
    }

    /// Every free start of one day for the entry's service or visit.
    private func freeSlots(for entry: WaitlistEntry, on date: LocalDate, now: Instant) async -> [VisitSlot] {
        guard entry.items.isEmpty else {
            let query = VisitAvailabilityQuery(
                merchantID: entry.merchantID, items: entry.items, parallel: entry.parallel, date: date)
            return (try? await visitAvailability(query, now: now).get()) ?? []
        }
        let query = AvailabilityQuery(
            merchantID: entry.merchantID, serviceID: entry.serviceID, date: date, staffID: entry.staffID)
        let slots = (try? await availability(query, now: now).get())?.slots ?? []
        return slots.map { slot in
            VisitSlot(
                startsAt: slot.startsAt, endsAt: slot.endsAt,
                items: [
                    VisitItem(
                        serviceID: entry.serviceID, staffID: slot.staffID, startsAt: slot.startsAt, endsAt: slot.endsAt)
                ])
        }
    }

    private static let waitlistBusy = Rejection(
        .concurrentModification, "the waitlist entry is being changed by another request")

    private func claim(_ claim: WaitlistClaim) -> Bool { waitlistClaims.withLock { $0.insert(claim).inserted } }

    private func unclaim(_ claim: WaitlistClaim) { _ = waitlistClaims.withLock { $0.remove(claim) } }
}
