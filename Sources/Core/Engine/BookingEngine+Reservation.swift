/// Everything a booking or a hold blocks while it lives: its technicians' time and its resources' uses.
struct Claims: Sendable {
    /// Each technician's blocked ranges (buffers included), by ascending staff id then start.
    var staff: [(StaffID, BlockedRange)]
    /// The resources used, grouped by resource in ascending id order.
    var resources: [(ResourceID, [BlockedRange])]

    init(staff: [(StaffID, BlockedRange)], uses: [ResourceUse]) {
        self.staff = staff.sorted { ($0.0, $0.1.start) < ($1.0, $1.1.start) }
        var grouped: [ResourceID: [BlockedRange]] = [:]
        for use in uses { grouped[use.resourceID, default: []].append(use.range) }
        resources = grouped.keys.sorted().map { ($0, grouped[$0] ?? []) }
    }

    init(_ booking: Booking) { self.init(staff: booking.staffRanges, uses: booking.resourceUses) }
    init(_ hold: Hold) { self.init(staff: hold.staffRanges, uses: hold.resourceUses) }

    /// The technicians' ranges grouped by technician, in ascending id order.
    var staffByMember: [(StaffID, [BlockedRange])] {
        var grouped: [(StaffID, [BlockedRange])] = []
        for (staffID, range) in staff {
            if grouped.last?.0 == staffID {
                grouped[grouped.count - 1].1.append(range)
            } else {
                grouped.append((staffID, [range]))
            }
        }
        return grouped
    }
}

/// Why a reservation was refused: the technician's time is taken, or a resource is fully used.
enum ReservationRefusal: Sendable {
    case staffTaken(by: ScheduleOwner)
    case resourceFull(ResourceFull)

    /// The rejection an API shows.
    func rejection(_ detail: String = "the time is already taken") -> Rejection {
        switch self {
        case .staffTaken(let blocker): return Rejection(.overlap, detail, conflictingID: blocker.description)
        case .resourceFull(let full):
            return Rejection(
                .resourceUnavailable, "\(full.resourceID) is fully used at that time",
                conflictingID: full.someUser?.description)
        }
    }
}

extension BookingEngine {
    /// The schedule actor of a resource.
    public func schedule(of resourceID: ResourceID) -> ResourceSchedule { schedules.schedule(for: resourceID) }

    /// Reserves everything `claims` blocks for `owner`, all or nothing: the technicians by ascending id, then the
    /// resources by ascending id (one fixed order for every request, so two requests never hold each other's first
    /// choice), each checked and reserved in one actor call; on the first refusal every part already reserved is
    /// freed again.
    func reserve(_ claims: Claims, for owner: ScheduleOwner, holdExpiry: Instant?, now: Instant) async
        -> ReservationRefusal?
    {
        for (index, (staffID, range)) in claims.staff.enumerated() {
            if let blocker = await schedule(of: staffID).reserve(range, for: owner, holdExpiry: holdExpiry, now: now) {
                for (reserved, reservedRange) in claims.staff[..<index] {
                    await schedule(of: reserved).release(reservedRange, of: owner)
                }
                return .staffTaken(by: blocker)
            }
        }
        for (index, (resourceID, ranges)) in claims.resources.enumerated() {
            let capacity = store.read { $0.catalog.resources[resourceID]?.capacity ?? 0 }
            if let full = await schedule(of: resourceID).reserve(
                ranges, for: owner, capacity: capacity, holdExpiry: holdExpiry, now: now)
            {
                for (reserved, reservedRanges) in claims.resources[..<index] {
                    await schedule(of: reserved).release(reservedRanges, of: owner)
                }
                for (staffID, range) in claims.staff { await schedule(of: staffID).release(range, of: owner) }
                return .resourceFull(full)
            }
        }
        return nil
    }

    /// Frees everything `claims` blocks for `owner`.
    func release(_ claims: Claims, of owner: ScheduleOwner) async {
        for (staffID, range) in claims.staff { await schedule(of: staffID).release(range, of: owner) }
        for (resourceID, ranges) in claims.resources { await schedule(of: resourceID).release(ranges, of: owner) }
    }

    /// Turns a live hold into a booking on exactly the same claims, all or nothing; false if the hold is gone or
    /// expired at `now`.
    func convert(_ hold: Hold, into id: BookingID, now: Instant) async -> Bool {
        let claims = Claims(hold)
        let holdOwner = ScheduleOwner.hold(hold.id)
        let staff = claims.staffByMember
        for (index, (staffID, ranges)) in staff.enumerated() {
            guard await schedule(of: staffID).convert(hold: holdOwner, ranges: ranges, into: .booking(id), now: now)
            else {
                await revert(id, toHold: hold, staff: staff[..<index], resources: [])
                return false
            }
        }
        for (index, (resourceID, _)) in claims.resources.enumerated() {
            guard await schedule(of: resourceID).convert(hold: holdOwner, into: .booking(id), now: now) else {
                await revert(id, toHold: hold, staff: staff[...], resources: claims.resources[..<index])
                return false
            }
        }
        return true
    }

    /// Undoes ``convert(_:into:now:)`` after the booking failed to become durable.
    func revert(_ id: BookingID, toHold hold: Hold) async {
        let claims = Claims(hold)
        await revert(id, toHold: hold, staff: claims.staffByMember[...], resources: claims.resources[...])
    }

    /// Turns the converted parts back into the hold.
    private func revert(
        _ id: BookingID, toHold hold: Hold, staff: ArraySlice<(StaffID, [BlockedRange])>,
        resources: ArraySlice<(ResourceID, [BlockedRange])>
    ) async {
        let holdOwner = ScheduleOwner.hold(hold.id)
        for (staffID, ranges) in staff {
            await schedule(of: staffID).revert(
                booking: .booking(id), ranges: ranges, toHold: holdOwner, expiry: hold.expiresAt)
        }
        for (resourceID, _) in resources {
            await schedule(of: resourceID).revert(booking: .booking(id), toHold: holdOwner, expiry: hold.expiresAt)
        }
    }
}
