/// Every booking, stored densely in fixed-size pages with an id → position index.
///
/// A salon platform keeps millions of bookings in memory. A `Dictionary<BookingID, Booking>` spends up to twice
/// the entry size on empty buckets and copies itself whole when a snapshot shares it; pages of 4,096 bookings cost
/// one entry each, and after a snapshot only the page being changed is copied.
public struct BookingTable: Sendable {
    static let pageShift = 12
    static let pageSize = 1 << pageShift

    private var pages: [ContiguousArray<Booking>] = []
    private var positions: [BookingID: Int32] = [:]

    /// An empty table.
    public init() {}

    /// How many bookings there are.
    public var count: Int { positions.count }

    /// The booking with this id.
    public subscript(id: BookingID) -> Booking? {
        guard let position = positions[id] else { return nil }
        return pages[Int(position) >> Self.pageShift][Int(position) & (Self.pageSize - 1)]
    }

    /// Every booking, in the order they were added.
    public var values: FlattenSequence<[ContiguousArray<Booking>]> { pages.joined() }

    /// Every booking id, in the order they were added.
    public var keys: LazyMapSequence<FlattenSequence<[ContiguousArray<Booking>]>, BookingID> {
        values.lazy.map(\.id)
    }

    /// Every booking, by ascending id (the order snapshots are written in).
    public func sortedByID() -> [Booking] { values.sorted { $0.id < $1.id } }

    /// Adds a booking; its id must be new.
    mutating func insert(_ booking: Booking) {
        precondition(positions[booking.id] == nil, "booking \(booking.id) exists")
        let position = positions.count
        precondition(position < Int(Int32.max), "booking table full")
        if position & (Self.pageSize - 1) == 0 {
            var page = ContiguousArray<Booking>()
            page.reserveCapacity(Self.pageSize)
            pages.append(page)
        }
        pages[pages.count - 1].append(booking)
        positions[booking.id] = Int32(position)
    }

    /// Removes these bookings (ids it does not hold are ignored); the others keep their order. Rebuilds the pages:
    /// meant for batches (archiving), not for single bookings.
    mutating func remove(_ ids: Set<BookingID>) {
        guard !ids.isEmpty else { return }
        var kept = BookingTable()
        for booking in values where !ids.contains(booking.id) { kept.insert(booking) }
        self = kept
    }

    /// Changes a booking in place; false if there is none with this id. Its id must not change.
    @discardableResult
    mutating func modify(_ id: BookingID, _ body: (inout Booking) -> Void) -> Bool {
        guard let position = positions[id].map(Int.init) else { return false }
        body(&pages[position >> Self.pageShift][position & (Self.pageSize - 1)])
        precondition(pages[position >> Self.pageShift][position & (Self.pageSize - 1)].id == id, "booking id changed")
        return true
    }
}
