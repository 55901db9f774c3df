import Core

/// The back-office's first page: today's bookings and the day's figures.
struct TodayPage: Codable, Sendable {
    struct Row: Codable, Sendable {
        var time: String
        var customer: String
        var service: String
        var technician: String
        var status: String
        var href: String
    }

    var chrome: OfficeChrome
    var dateLabel: String
    var rows: [Row]
    var hasRows: Bool
    var bookingCount: Int
    var revenue: String
    /// Booked minutes ÷ working minutes, as a whole percentage.
    var utilization: String
    var noShows: Int
    var quota: String

    /// Today at the visitor's salon; a staff account sees only its own technician's bookings.
    static func make(_ web: OfficeWeb, _ visit: OfficeWeb.Visit, merchant: Merchant) -> TodayPage {
        let zone = merchant.zone
        let date = zone.localDateTime(at: visit.now).date
        let day = DayBookings(web.engine, merchant: merchant, date: date, onlyStaff: visit.account?.staffOnly)
        let services = Dictionary(uniqueKeysWithValues: web.engine.services(of: merchant.id).map { ($0.id, $0) })
        let staffNames = Dictionary(uniqueKeysWithValues: day.staff.map { ($0.id, $0.name) })
        var revenue = 0
        var bookedMinutes = 0
        var noShows = 0
        var rows: [Row] = []
        for booking in day.bookings {
            if booking.status == .confirmed || booking.status == .completed {
                revenue += booking.parts.reduce(0) { $0 + (services[$1.serviceID]?.price ?? 0) }
                bookedMinutes += Int(booking.endsAt.secondsSinceEpoch - booking.startsAt.secondsSinceEpoch) / 60
            }
            if booking.status == .noShow { noShows += 1 }
            rows.append(
                Row(
                    time: LocalFormat.time(booking.startsAt, zone: zone),
                    customer: web.engine.customer(booking.customerID, merchantID: merchant.id)?.displayName ?? "",
                    service: booking.parts.map { services[$0.serviceID]?.name ?? "" }.joined(separator: " + "),
                    technician: booking.staffIDs.map { staffNames[$0] ?? "" }.joined(separator: " + "),
                    status: visit.texts["status_" + booking.shownStatus], href: "/office/bookings/\(booking.id)"))
        }
        let working = day.workingMinutes()
        let used = web.engine.store.read { $0.outbox.pushesSent(by: merchant.id, inMonthOf: visit.now, zone: zone) }
        let limit = web.engine.lineChannel(of: merchant.id)?.settings.monthlyPushLimit ?? 0
        return TodayPage(
            chrome: web.chrome(visit, title: visit.texts["office_today"], section: "today"),
            dateLabel: LocalFormat.date(date, visit.texts), rows: rows, hasRows: !rows.isEmpty,
            bookingCount: day.bookings.filter { $0.status != .cancelled }.count,
            revenue: LocalFormat.price(revenue, currency: merchant.currency),
            utilization: working > 0 ? "\(bookedMinutes * 100 / working) %" : "–", noShows: noShows,
            quota: limit > 0 ? "\(used) / \(limit)" : "\(used)")
    }
}

/// One salon day: its technicians (active ones), their working ranges, bookings and holds.
struct DayBookings {
    let merchant: Merchant
    let date: LocalDate
    let start: Instant
    let end: Instant
    let staff: [Staff]
    let bookings: [Booking]
    let holds: [Hold]
    let working: [StaffID: [BlockedRange]]

    init(_ engine: BookingEngine, merchant: Merchant, date: LocalDate, onlyStaff: StaffID?) {
        self.merchant = merchant
        self.date = date
        start = merchant.zone.instant(on: date, at: 0)
        end = merchant.zone.instant(on: date.adding(days: 1), at: 0)
        staff = engine.staff(of: merchant.id).filter { member in
            member.isActive && (onlyStaff.map { member.id == $0 } ?? true)
        }
        let ids = Set(staff.map(\.id))
        bookings = engine.bookings(
            BookingQuery(merchantID: merchant.id, from: start, to: end, limit: BookingQuery.limitMax)
        ).bookings.filter { ids.contains($0.staffID) }
        let (start, end) = (start, end)
        holds = engine.store.read { state in
            state.ledger.holds.values.filter {
                $0.merchantID == merchant.id && ids.contains($0.staffID) && $0.startsAt >= start && $0.startsAt < end
            }
        }.sorted { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }
        var working: [StaffID: [BlockedRange]] = [:]
        for member in staff {
            working[member.id] = engine.workingRanges(of: member, on: date, zone: merchant.zone)
        }
        self.working = working
    }

    /// Working minutes of the day over every technician, less time off.
    func workingMinutes() -> Int {
        var total: Int64 = 0
        for member in staff {
            for range in working[member.id] ?? [] {
                var seconds = range.end.secondsSinceEpoch - range.start.secondsSinceEpoch
                for off in member.timeOff {
                    let overlap =
                        min(off.endsAt, range.end).secondsSinceEpoch - max(off.startsAt, range.start).secondsSinceEpoch
                    if overlap > 0 { seconds -= overlap }
                }
                total += max(0, seconds)
            }
        }
        return Int(total / 60)
    }
}

extension UserAccount {
    /// For a staff account, the technician whose column it sees; nil for owners and managers.
    var staffOnly: StaffID? { role == .staff ? (staffID ?? StaffID(UInt64(1) << 62)) : nil }
}
