/// Bookings, holds, booking history and remembered idempotency keys.
public struct Ledger: Sendable {
    /// Every booking by id.
    public private(set) var bookings = BookingTable()
    /// Every hold not yet confirmed, released or swept, by id.
    public private(set) var holds: [HoldID: Hold] = [:]
    /// Successful idempotent creations still remembered.
    public private(set) var idempotency: [IdempotencyKey: RememberedCreation] = [:]
    /// Changes after creation, per booking (the creation itself is derived from the booking).
    private(set) var changes: [BookingID: [BookingChange]] = [:]
    /// Booking ids by merchant and UTC day of their start, for range queries.
    private var days: [MerchantID: [Int64: [BookingID]]] = [:]
    /// How many bookings are confirmed.
    public private(set) var confirmedCount = 0
    /// The archive files that hold the bookings that left memory, in the order they were written.
    public private(set) var archive: [ArchivedFile] = []
    /// The salons' waitlists.
    public private(set) var waitlist = Waitlist()

    /// Creates an empty ledger.
    public init() {}

    /// A ledger rebuilt from a snapshot's parts; the day index and the confirmed count are derived from the bookings.
    init(
        bookings: [Booking],
        holds: [HoldID: Hold],
        idempotency: [IdempotencyKey: RememberedCreation],
        changes: [BookingID: [BookingChange]]
    ) {
        self.holds = holds
        self.idempotency = idempotency
        self.changes = changes
        for booking in bookings { insert(booking) }
    }

    /// The same ledger with these confirmed bookings marked as awaiting approval (a snapshot's list); nil when one
    /// is not a confirmed booking here.
    func withAwaitingApproval(_ ids: [BookingID]) -> Ledger? {
        var ledger = self
        for id in ids {
            guard ledger.bookings[id]?.status == .confirmed else { return nil }
            ledger.bookings.modify(id) { $0.awaitingApproval = true }
        }
        return ledger
    }

    /// Sets the resource needs a snapshot lists for a booking or a hold.
    mutating func setResourceNeeds(_ needs: [ResourceNeed], of id: BookingID) {
        _ = bookings.modify(id) { $0.resourceNeeds = needs }
    }

    /// Sets the items a snapshot lists for a visit.
    mutating func setItems(_ items: [VisitItem], of id: BookingID) {
        _ = bookings.modify(id) { $0.items = items }
    }

    /// Sets the items a snapshot lists for a hold of a visit.
    mutating func setItems(_ items: [VisitItem], of id: HoldID) { holds[id]?.items = items }

    /// Sets the resource needs a snapshot lists for a hold.
    mutating func setResourceNeeds(_ needs: [ResourceNeed], of id: HoldID) { holds[id]?.resourceNeeds = needs }

    /// The same ledger with the archive files a snapshot lists.
    func withArchive(_ files: [ArchivedFile]) -> Ledger {
        var ledger = self
        ledger.archive = files
        return ledger
    }

    /// A remembered idempotent creation.
    public struct RememberedCreation: Hashable, Sendable {
        /// The fingerprint of the request that created it.
        public var fingerprint: UInt64
        /// The booking it created.
        public var bookingID: BookingID
        /// When the key is forgotten.
        public var expiresAt: Instant
    }

    /// The booking's full history, oldest first, starting with its creation.
    public func history(of id: BookingID) -> [BookingChange] {
        guard let booking = bookings[id] else { return [] }
        return [BookingChange(at: booking.createdAt, action: .created, origin: booking.origin)] + (changes[id] ?? [])
    }

    /// The ids of a merchant's bookings starting in [from, to), unordered.
    func bookingIDs(of merchantID: MerchantID, from: Instant, to: Instant) -> [BookingID] {
        guard let byDay = days[merchantID], from < to else { return [] }
        let firstDay = Self.day(of: from)
        let lastDay = Self.day(of: to + -1)
        var ids: [BookingID] = []
        if lastDay - firstDay < Int64(byDay.count) {
            for day in firstDay...lastDay { ids += byDay[day] ?? [] }
        } else {
            for (day, dayIDs) in byDay where day >= firstDay && day <= lastDay { ids += dayIDs }
        }
        return ids
    }

    static func day(of instant: Instant) -> Int64 {
        let (quotient, remainder) = instant.secondsSinceEpoch.quotientAndRemainder(dividingBy: 86_400)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The same ledger with the waitlist entries a snapshot lists.
    func withWaitlist(_ entries: [WaitlistEntry]) -> Ledger {
        var ledger = self
        for entry in entries { ledger.waitlist.restore(entry) }
        return ledger
    }

    /// Applies a ledger event; returns false for events that are not about bookings, holds or the waitlist.
    mutating func apply(_ event: EngineEvent) throws(InconsistentEvent) -> Bool {
        if try waitlist.apply(event, holds: holds) {
            if case .waitlistOffered(_, let hold) = event { holds[hold.id] = hold }
            return true
        }
        switch event {
        case .holdCreated(let hold):
            try InconsistentEvent.require(holds[hold.id] == nil, "hold exists", event)
            holds[hold.id] = hold
        case .holdReleased(let id, _, _):
            try InconsistentEvent.require(holds.removeValue(forKey: id) != nil, "no such hold", event)
        case .expiredSwept(let holdIDs, let keys, _):
            for id in holdIDs { holds[id] = nil }
            for key in keys { idempotency[key] = nil }
        case .bookingCreated(let booking, let record):
            try InconsistentEvent.require(bookings[booking.id] == nil, "booking exists", event)
            try InconsistentEvent.require(booking.status == .confirmed, "new booking not confirmed", event)
            insert(booking)
            if let holdID = booking.holdID { holds[holdID] = nil }
            if let record {
                idempotency[record.key] = RememberedCreation(
                    fingerprint: record.fingerprint,
                    bookingID: booking.id,
                    expiresAt: record.expiresAt
                )
            }
        case .bookingsArchived(let batch):
            try applyArchive(batch, event)
        default:
            return try applyBookingChange(event)
        }
        return true
    }

    /// Takes an archived batch's bookings out: each must exist and be closed, its merchant named by the batch.
    private mutating func applyArchive(_ batch: ArchiveBatch, _ event: EngineEvent) throws(InconsistentEvent) {
        try InconsistentEvent.require(!batch.bookingIDs.isEmpty, "an empty archive batch", event)
        try InconsistentEvent.require(
            batch.bookingIDs.count <= ArchiveBatch.bookingsMax, "an archive batch too large", event)
        try InconsistentEvent.require(!archive.contains { $0.name == batch.name }, "archive file name reused", event)
        var merchants = Set<MerchantID>()
        var archived: [Booking] = []
        archived.reserveCapacity(batch.bookingIDs.count)
        for id in batch.bookingIDs {
            guard let booking = bookings[id], booking.status != .confirmed else {
                throw InconsistentEvent("archived booking missing or still confirmed", event)
            }
            merchants.insert(booking.merchantID)
            archived.append(booking)
        }
        try InconsistentEvent.require(
            merchants.sorted() == batch.merchantIDs, "archive batch names other merchants", event)
        let gone = Set(batch.bookingIDs)
        bookings.remove(gone)
        for booking in archived {
            changes[booking.id] = nil
            days[booking.merchantID]?[Self.day(of: booking.startsAt)]?.removeAll { gone.contains($0) }
            if days[booking.merchantID]?[Self.day(of: booking.startsAt)]?.isEmpty == true {
                days[booking.merchantID]?[Self.day(of: booking.startsAt)] = nil
            }
        }
        idempotency = idempotency.filter { !gone.contains($0.value.bookingID) }
        archive.append(ArchivedFile(batch))
    }

    private mutating func applyBookingChange(_ event: EngineEvent) throws(InconsistentEvent) -> Bool {
        switch event {
        case .bookingCancelled(let id, let at, let reason, let origin):
            try close(id, as: .cancelled, at: at, event: event)
            bookings.modify(id) { $0.cancelReason = reason }
            record(BookingChange(at: at, action: .cancelled(reason: reason), origin: origin), for: id)
        case .bookingCompleted(let id, let at, let origin):
            try close(id, as: .completed, at: at, event: event)
            record(BookingChange(at: at, action: .completed, origin: origin), for: id)
        case .bookingMarkedNoShow(let id, let at, let origin):
            try close(id, as: .noShow, at: at, event: event)
            record(BookingChange(at: at, action: .markedNoShow, origin: origin), for: id)
        case .bookingApproved(let id, let at, let origin):
            guard let booking = bookings[id], booking.status == .confirmed, booking.awaitingApproval else {
                throw InconsistentEvent("no booking awaiting approval", event)
            }
            bookings.modify(id) { $0.awaitingApproval = false }
            record(BookingChange(at: at, action: .approved, origin: origin), for: id)
        case .bookingAttendanceConfirmed(let id, let at, let origin):
            try InconsistentEvent.require(bookings[id]?.status == .confirmed, "booking not confirmed", event)
            record(BookingChange(at: at, action: .attendanceConfirmed, origin: origin), for: id)
        case .bookingRescheduled(let id, let staffID, let startsAt, let at, let origin):
            guard let old = bookings[id], old.status == .confirmed else {
                throw InconsistentEvent("no confirmed booking to reschedule", event)
            }
            let moved = old.moved(to: startsAt, staffID: staffID)
            unindex(old)
            bookings.modify(id) { $0 = moved }
            index(moved)
            let action = BookingChange.Action.rescheduled(
                fromStaff: old.staffID,
                fromStart: old.startsAt,
                toStaff: staffID,
                toStart: startsAt
            )
            record(BookingChange(at: at, action: action, origin: origin), for: id)
        default:
            return false
        }
        return true
    }

    /// Blanks the free texts (notes, cancel reasons, in the bookings and their history) of a customer's bookings,
    /// whose ids, times, service, staff and status stay for the salon's figures. A scan of every booking: erasure
    /// is rare, and an index by customer would cost memory for every booking.
    mutating func eraseTexts(of customerID: CustomerID) {
        let ids = bookings.values.lazy.filter { $0.customerID == customerID }.map(\.id)
        for id in Array(ids) {
            bookings.modify(id) { ErasedTexts.erase(&$0) }
            guard var list = changes[id] else { continue }
            ErasedTexts.erase(&list)
            changes[id] = list
        }
    }

    private mutating func close(
        _ id: BookingID,
        as status: BookingStatus,
        at: Instant,
        event: EngineEvent
    ) throws(InconsistentEvent) {
        guard bookings[id]?.status == .confirmed else { throw InconsistentEvent("booking not confirmed", event) }
        bookings.modify(id) { booking in
            booking.status = status
            booking.closedAt = at
            booking.awaitingApproval = false
        }
        confirmedCount -= 1
    }

    private mutating func record(_ change: BookingChange, for id: BookingID) {
        changes[id, default: []].append(change)
    }

    private mutating func insert(_ booking: Booking) {
        bookings.insert(booking)
        index(booking)
        if booking.status == .confirmed { confirmedCount += 1 }
    }

    private mutating func index(_ booking: Booking) {
        days[booking.merchantID, default: [:]][Self.day(of: booking.startsAt), default: []].append(booking.id)
    }

    private mutating func unindex(_ booking: Booking) {
        days[booking.merchantID]?[Self.day(of: booking.startsAt)]?.removeAll { $0 == booking.id }
    }
}
