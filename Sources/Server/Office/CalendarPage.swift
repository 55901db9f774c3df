import Core

/// The calendar's day view: a column per technician, a row per slot of the salon's grid; working hours shaded,
/// time off and breaks greyed, bookings as blocks spanning their rows, holds as tentative blocks, free cells
/// linking to a new booking.
struct CalendarPage: Encodable, Sendable {
    var chrome: OfficeChrome
    var dateLabel: String
    var date: String
    var previous: String
    var next: String
    var today: String
    /// The applied LSN the page was drawn at (the page polls for a newer one).
    var version: UInt64
    var table: HTMLFragment

    static func make(_ web: OfficeWeb, _ visit: OfficeWeb.Visit, merchant: Merchant, date: LocalDate) -> CalendarPage {
        let version = web.engine.store.appliedLSN
        let day = DayBookings(web.engine, merchant: merchant, date: date, onlyStaff: visit.account?.staffOnly)
        let href = { (day: LocalDate) in "/office/calendar?date=\(day)" }
        let todayDate = merchant.zone.localDateTime(at: visit.now).date
        return CalendarPage(
            chrome: web.chrome(visit, title: visit.texts["office_calendar"], section: "calendar"),
            dateLabel: LocalFormat.date(date, visit.texts), date: date.description,
            previous: href(date.adding(days: -1)),
            next: href(date.adding(days: 1)), today: href(todayDate), version: version,
            table: table(day, engine: web.engine, texts: visit.texts))
    }

    /// The rows run from the earliest working start to the latest working end of the day (10:00–20:00 when
    /// nobody works), on the salon's slot grid.
    static func table(_ day: DayBookings, engine: BookingEngine, texts: PageTexts) -> HTMLFragment {
        let zone = day.merchant.zone
        let step = Int64(max(5, day.merchant.slotMinutes) * 60)
        let ranges = day.working.values.flatMap { $0 }
        let spans = ranges + day.bookings.filter { $0.status != .cancelled }.map(\.blockedRange)
        let first = spans.map(\.start).min() ?? zone.instant(on: day.date, at: 10 * 60)
        let last = spans.map(\.end).max() ?? zone.instant(on: day.date, at: 20 * 60)
        let origin = day.start.secondsSinceEpoch
        let top = origin + (first.secondsSinceEpoch - origin) / step * step
        let rowCount = Int((last.secondsSinceEpoch - top + step - 1) / step)
        let services = Dictionary(uniqueKeysWithValues: engine.services(of: day.merchant.id).map { ($0.id, $0.name) })

        // Per column: which row starts a block (and how many rows it spans), which rows it covers.
        struct Block {
            var rows: Int
            var label: String
            var detail: String
            var href: String?
            var kind: StaticString
        }
        var blocks: [StaffID: [Int: Block]] = [:]
        var covered: [StaffID: Set<Int>] = [:]
        func place(_ staffID: StaffID, _ start: Instant, _ end: Instant, _ block: (Int) -> Block) {
            let row = Int((start.secondsSinceEpoch - top) / step)
            let span = max(1, Int((end.secondsSinceEpoch - top + step - 1) / step) - row)
            guard row >= 0, row < rowCount, blocks[staffID]?[row] == nil, covered[staffID]?.contains(row) != true
            else { return }
            let rows = min(span, rowCount - row)
            blocks[staffID, default: [:]][row] = block(rows)
            for covering in row + 1..<row + rows { covered[staffID, default: []].insert(covering) }
        }
        for booking in day.bookings where booking.status != .cancelled {
            let customer = engine.customer(booking.customerID, merchantID: day.merchant.id)?.displayName ?? ""
            place(booking.staffID, booking.startsAt, booking.endsAt) { rows in
                Block(
                    rows: rows, label: LocalFormat.time(booking.startsAt, zone: zone) + " " + customer,
                    detail: (services[booking.serviceID] ?? "") + " · " + texts["status_" + booking.status.name],
                    href: "/office/bookings/\(booking.id)",
                    kind: booking.status == .confirmed ? "booking" : "booking closed")
            }
        }
        for hold in day.holds {
            place(hold.staffID, hold.startsAt, hold.endsAt) { rows in
                Block(
                    rows: rows, label: LocalFormat.time(hold.startsAt, zone: zone) + " " + texts["office_hold"],
                    detail: services[hold.serviceID] ?? "", href: nil, kind: "hold")
            }
        }

        var html = HTMLFragment()
        html.markup("<table class=\"calendar\">\n<thead><tr><th scope=\"col\">")
        html.text(texts["office_time"])
        html.markup("</th>")
        for member in day.staff {
            html.markup("<th scope=\"col\">")
            html.text(member.name)
            html.markup("</th>")
        }
        html.markup("</tr></thead>\n<tbody>\n")
        for row in 0..<rowCount {
            let at = Instant(secondsSinceEpoch: top + Int64(row) * step)
            let label = LocalFormat.time(at, zone: zone)
            html.markup(row % 4 == 0 ? "<tr class=\"hour\"><th scope=\"row\">" : "<tr><th scope=\"row\">")
            html.text(label)
            html.markup("</th>")
            for member in day.staff {
                if covered[member.id]?.contains(row) == true { continue }
                if let block = blocks[member.id]?[row] {
                    html.markup("<td class=\"")
                    html.markup(block.kind)
                    html.markup("\" rowspan=\"")
                    html.text(String(block.rows))
                    html.markup("\">")
                    if let href = block.href {
                        html.markup("<a href=\"")
                        html.text(href)
                        html.markup("\">")
                        html.text(block.label)
                        html.markup("</a>")
                    } else {
                        html.text(block.label)
                    }
                    html.markup("<small>")
                    html.text(block.detail)
                    html.markup("</small></td>")
                    continue
                }
                let slotEnd = at + step
                let works = (day.working[member.id] ?? []).contains { $0.start <= at && slotEnd <= $0.end }
                let off = member.timeOff.contains { $0.startsAt < slotEnd && at < $0.endsAt }
                if works && !off {
                    html.markup("<td class=\"free\"><a href=\"/office/bookings/new?staff=")
                    html.text(member.id.description)
                    html.markup("&amp;start=")
                    html.text(String(at.secondsSinceEpoch))
                    html.markup("\"><span class=\"visually-hidden\">")
                    html.text(texts["office_new_booking"] + " " + member.name + " " + label)
                    html.markup("</span></a></td>")
                } else {
                    html.markup(off ? "<td class=\"off timeoff\"></td>" : "<td class=\"off\"></td>")
                }
            }
            html.markup("</tr>\n")
        }
        html.markup("</tbody>\n</table>\n")
        return html
    }
}
