import Core

/// The calendar: the day view (a column per technician) or one technician's week (a column per day); a row per
/// slot of the salon's grid; working hours shaded, time off and breaks greyed, bookings as blocks spanning their
/// rows (draggable onto a free cell), holds as tentative blocks, free cells linking to a new booking. Rows are
/// wall-clock times of day (the salons' zones have no daylight saving time).
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
    /// The week view's technician, and the links between the views.
    var weekOf: String?
    var weekLinks: [WeekLink]
    var dayLink: String

    struct WeekLink: Encodable, Sendable {
        var href: String
        var label: String
        var current: Bool
    }

    /// One column of the table: a technician on a day.
    struct Column {
        var day: DayBookings
        var staff: Staff
        var header: String
    }

    /// The day view of `date`, or (with `weekOf`) one technician's week from the Monday of `date`.
    static func make(
        _ web: OfficeWeb, _ visit: OfficeWeb.Visit, merchant: Merchant, date: LocalDate, weekOf: StaffID? = nil
    ) -> CalendarPage {
        let version = web.engine.store.appliedLSN
        let only = visit.account?.staffOnly
        let todayDate = merchant.zone.localDateTime(at: visit.now).date
        let staff = web.engine.staff(of: merchant.id).filter { member in
            member.isActive && (only.map { member.id == $0 } ?? true)
        }
        let technician = weekOf.flatMap { id in staff.first { $0.id == id } }
        let table: HTMLFragment
        let step: Int
        let href: (LocalDate) -> String
        if let technician {
            let monday = date.adding(days: 1 - date.isoWeekday)
            let columns = (0..<7).map { offset -> Column in
                let day = DayBookings(
                    web.engine, merchant: merchant, date: monday.adding(days: offset), onlyStaff: technician.id)
                return Column(day: day, staff: technician, header: LocalFormat.date(day.date, visit.texts))
            }
            table = Self.table(columns, merchant: merchant, engine: web.engine, texts: visit.texts)
            step = 7
            href = { "/office/calendar?view=week&staff=\(technician.id)&date=\($0)" }
        } else {
            let day = DayBookings(web.engine, merchant: merchant, date: date, onlyStaff: only)
            table = Self.table(
                day.staff.map { Column(day: day, staff: $0, header: $0.name) }, merchant: merchant, engine: web.engine,
                texts: visit.texts)
            step = 1
            href = { "/office/calendar?date=\($0)" }
        }
        return CalendarPage(
            chrome: web.chrome(visit, title: visit.texts["office_calendar"], section: "calendar"),
            dateLabel: (technician.map { $0.name + " · " } ?? "") + LocalFormat.date(date, visit.texts),
            date: date.description, previous: href(date.adding(days: -step)), next: href(date.adding(days: step)),
            today: href(todayDate), version: version, table: table, weekOf: technician?.id.description,
            weekLinks: staff.map {
                WeekLink(
                    href: "/office/calendar?view=week&staff=\($0.id)&date=\(date)", label: $0.name,
                    current: $0.id == technician?.id)
            }, dayLink: "/office/calendar?date=\(date)")
    }

    /// The rows run from the earliest working start to the latest working end over the columns' days (10:00–20:00
    /// when nobody works), on the salon's slot grid, as wall-clock times of day.
    static func table(_ columns: [Column], merchant: Merchant, engine: BookingEngine, texts: PageTexts) -> HTMLFragment
    {
        let zone = merchant.zone
        let step = Int64(max(5, merchant.slotMinutes) * 60)
        // Minutes of the day, so that a week's columns share one row per time of day.
        func minute(_ instant: Instant, _ day: DayBookings) -> Int64 {
            (instant.secondsSinceEpoch - day.start.secondsSinceEpoch) / 60
        }
        var firstMinute = Int64.max
        var lastMinute = Int64.min
        for column in columns {
            let ranges =
                (column.day.working[column.staff.id] ?? [])
                + column.day.bookings.filter { $0.status != .cancelled }.flatMap(\.staffRanges)
                .filter { $0.0 == column.staff.id }.map(\.1)
            for range in ranges {
                firstMinute = min(firstMinute, minute(range.start, column.day))
                lastMinute = max(lastMinute, minute(range.end, column.day))
            }
        }
        if firstMinute > lastMinute { (firstMinute, lastMinute) = (10 * 60, 20 * 60) }
        let stepMinutes = step / 60
        let topMinute = max(0, firstMinute / stepMinutes * stepMinutes)
        let rowCount = Int((lastMinute - topMinute + stepMinutes - 1) / stepMinutes)
        let services = Dictionary(uniqueKeysWithValues: engine.services(of: merchant.id).map { ($0.id, $0.name) })

        // Per column: which row starts a block (and how many rows it spans), which rows it covers.
        struct Block {
            var rows: Int
            var label: String
            var detail: String
            var href: String?
            var id: String?
            var kind: StaticString
        }
        var blocks: [[Int: Block]] = Array(repeating: [:], count: columns.count)
        var covered: [Set<Int>] = Array(repeating: [], count: columns.count)
        func place(_ column: Int, _ start: Instant, _ end: Instant, _ block: (Int) -> Block) {
            let day = columns[column].day
            let row = Int((minute(start, day) - topMinute) / stepMinutes)
            let span = max(1, Int((minute(end, day) - topMinute + stepMinutes - 1) / stepMinutes) - row)
            guard row >= 0, row < rowCount, blocks[column][row] == nil, !covered[column].contains(row) else { return }
            let rows = min(span, rowCount - row)
            blocks[column][row] = block(rows)
            for covering in row + 1..<row + rows { covered[column].insert(covering) }
        }
        for (index, column) in columns.enumerated() {
            for booking in column.day.bookings where booking.status != .cancelled {
                // A visit shows in each of its technicians' columns, with what that technician does.
                let mine = booking.parts.filter { $0.staffID == column.staff.id }
                guard let first = mine.first, let last = mine.last else { continue }
                let customer = engine.customer(booking.customerID, merchantID: merchant.id)?.displayName ?? ""
                place(index, first.startsAt, last.endsAt) { rows in
                    Block(
                        rows: rows, label: LocalFormat.time(first.startsAt, zone: zone) + " " + customer,
                        detail: mine.map { services[$0.serviceID] ?? "" }.joined(separator: " + ") + " · "
                            + texts["status_" + booking.shownStatus],
                        href: "/office/bookings/\(booking.id)", id: booking.id.description,
                        kind: booking.status == .confirmed ? "booking" : "booking closed")
                }
            }
            for hold in column.day.holds where hold.staffID == column.staff.id {
                place(index, hold.startsAt, hold.endsAt) { rows in
                    Block(
                        rows: rows, label: LocalFormat.time(hold.startsAt, zone: zone) + " " + texts["office_hold"],
                        detail: services[hold.serviceID] ?? "", href: nil, id: nil, kind: "hold")
                }
            }
        }

        var html = HTMLFragment()
        html.markup("<table class=\"calendar\">\n<thead><tr><th scope=\"col\">")
        html.text(texts["office_time"])
        html.markup("</th>")
        for column in columns {
            html.markup("<th scope=\"col\">")
            html.text(column.header)
            html.markup("</th>")
        }
        html.markup("</tr></thead>\n<tbody>\n")
        for row in 0..<rowCount {
            let rowMinute = Int(topMinute) + row * Int(stepMinutes)
            let label = LocalFormat.clock(minutes: rowMinute)
            html.markup(rowMinute % 60 == 0 ? "<tr class=\"hour\"><th scope=\"row\">" : "<tr><th scope=\"row\">")
            html.text(label)
            html.markup("</th>")
            for (index, column) in columns.enumerated() {
                let member = column.staff
                if covered[index].contains(row) { continue }
                if let block = blocks[index][row] {
                    html.markup("<td class=\"")
                    html.markup(block.kind)
                    html.markup("\" rowspan=\"")
                    html.text(String(block.rows))
                    html.markup("\">")
                    if let href = block.href, let id = block.id {
                        html.markup("<a draggable=\"true\" data-booking=\"")
                        html.text(id)
                        html.markup("\" href=\"")
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
                let at = zone.instant(on: column.day.date, at: rowMinute)
                let slotEnd = at + step
                let works = (column.day.working[member.id] ?? []).contains { $0.start <= at && slotEnd <= $0.end }
                let off = member.timeOff.contains { $0.startsAt < slotEnd && at < $0.endsAt }
                if works && !off {
                    html.markup("<td class=\"free\" data-staff=\"")
                    html.text(member.id.description)
                    html.markup("\" data-start=\"")
                    html.text(String(at.secondsSinceEpoch))
                    html.markup("\"><a href=\"/office/bookings/new?staff=")
                    html.text(member.id.description)
                    html.markup("&amp;start=")
                    html.text(String(at.secondsSinceEpoch))
                    html.markup("\"><span class=\"visually-hidden\">")
                    html.text(texts["office_new_booking"] + " " + column.header + " " + label)
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
