import Core
import Foundation
import Hummingbird

/// The technicians of a salon (owners and managers only): the list, a new technician, and one technician's
/// weekly hours (a working range and an optional break per weekday), services, active flag and time off.
struct StaffPages: Sendable {
    let web: OfficeWeb

    struct DayRow: Codable, Sendable {
        var weekday: Int
        var name: String
        var start: String
        var end: String
        var breakStart: String
        var breakEnd: String
    }

    struct Check: Codable, Sendable {
        var value: String
        var label: String
        var checked: Bool
    }

    struct TimeOffRow: Codable, Sendable {
        var id: String
        var from: String
        var to: String
        var reason: String
    }

    struct ListRow: Codable, Sendable {
        var name: String
        var href: String
        var active: Bool
        var hours: String
    }

    /// The view model of `office-staff.mustache` (the list and the new-technician form).
    struct ListPage: Codable, Sendable {
        var chrome: OfficeChrome
        var rows: [ListRow]
        var days: [DayRow]
        var error: String?
    }

    /// The view model of `office-staff-edit.mustache`.
    struct EditPage: Codable, Sendable {
        var chrome: OfficeChrome
        var staffId: String
        var name: String
        var active: Bool
        var days: [DayRow]
        var services: [Check]
        var timeOff: [TimeOffRow]
        var error: String?
    }

    func list(_ visit: OfficeWeb.Visit, merchant: Merchant, error: String? = nil, status: HTTPResponse.Status = .ok)
        -> Response
    {
        let rows = web.engine.staff(of: merchant.id).map { member in
            ListRow(
                name: member.name, href: "/office/staff/\(member.id)", active: member.isActive,
                hours: Self.summary(member.workingHours, visit.texts))
        }
        return web.page(
            ListPage(
                chrome: web.chrome(visit, title: visit.texts["office_staff"], section: "staff"), rows: rows,
                days: Self.days([], visit.texts), error: error),
            "office-staff", status: status)
    }

    func edit(
        _ visit: OfficeWeb.Visit, merchant: Merchant, _ staff: Staff, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let zone = merchant.zone
        let services = web.engine.services(of: merchant.id).map {
            Check(value: $0.id.description, label: $0.name, checked: staff.serviceIDs?.contains($0.id) ?? true)
        }
        let timeOff = staff.timeOff.sorted { $0.startsAt < $1.startsAt }.map {
            TimeOffRow(
                id: $0.id.description, from: LocalFormat.dateTime($0.startsAt, zone: zone, visit.texts),
                to: LocalFormat.dateTime($0.endsAt, zone: zone, visit.texts), reason: $0.reason)
        }
        return web.page(
            EditPage(
                chrome: web.chrome(visit, title: staff.name, section: "staff"), staffId: staff.id.description,
                name: staff.name, active: staff.isActive, days: Self.days(staff.workingHours, visit.texts),
                services: services, timeOff: timeOff, error: error),
            "office-staff-edit", status: status)
    }

    /// `POST /office/staff`: a new technician with a name and weekly hours.
    func create(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let hours = Self.hours(form) else {
            return list(visit, merchant: merchant, error: visit.texts["office_bad_time"], status: .unprocessableContent)
        }
        let draft = StaffDraft(name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces), workingHours: hours)
        switch try await web.engine.createStaff(merchantID: merchant.id, draft, web.command(visit)) {
        case .success(let staff): return web.redirect("/office/staff/\(staff.id)")
        case .failure(let rejection):
            return list(visit, merchant: merchant, error: rejection.detail, status: .unprocessableContent)
        }
    }

    /// `POST /office/staff/{id}`: name, active, hours and services.
    func update(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, _ staff: Staff) async throws
        -> Response
    {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard let hours = Self.hours(form) else {
            return edit(
                visit, merchant: merchant, staff, error: visit.texts["office_bad_time"], status: .unprocessableContent)
        }
        let all = web.engine.services(of: merchant.id)
        let chosen = Set(all.map(\.id).filter { form["service_\($0)"] == "on" })
        let draft = StaffDraft(
            name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces), isActive: form["active"] == "on",
            workingHours: hours, serviceIDs: chosen.count == all.count ? nil : chosen)
        switch try await web.engine.updateStaff(staff.id, merchantID: merchant.id, draft, web.command(visit)) {
        case .success: return web.redirect("/office/staff/\(staff.id)")
        case .failure(let rejection):
            return edit(visit, merchant: merchant, staff, error: rejection.detail, status: .unprocessableContent)
        }
    }

    /// `POST /office/staff/{id}/time-off` (fields `from`, `to` as local date-times, `reason`), or with `remove`
    /// naming a range to take away.
    func timeOff(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, _ staff: Staff) async throws
        -> Response
    {
        let form = try await FormBody.read(request, limit: 8 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        let context = web.command(visit)
        if let remove = form["remove"].flatMap({ TimeOffID($0) }) {
            _ = try await web.engine.removeTimeOff(remove, staffID: staff.id, merchantID: merchant.id, context)
            return web.redirect("/office/staff/\(staff.id)")
        }
        guard let from = Self.localInstant(form["from"], zone: merchant.zone),
            let to = Self.localInstant(form["to"], zone: merchant.zone)
        else {
            return edit(
                visit, merchant: merchant, staff, error: visit.texts["office_bad_time"], status: .unprocessableContent)
        }
        let result = try await web.engine.addTimeOff(
            staffID: staff.id, merchantID: merchant.id, startsAt: from, endsAt: to, reason: form["reason"] ?? "",
            context)
        switch result {
        case .success: return web.redirect("/office/staff/\(staff.id)")
        case .failure(let rejection):
            return edit(visit, merchant: merchant, staff, error: rejection.detail, status: .unprocessableContent)
        }
    }

    /// A `datetime-local` value (`2026-12-01T10:00`) in the salon's zone.
    static func localInstant(_ text: String?, zone: ZoneRules) -> Instant? {
        guard let text, text.count >= 16, let date = LocalDate(String(text.prefix(10))),
            let time = TimeOfDay(String(text.dropFirst(11).prefix(5)))
        else { return nil }
        return zone.instant(on: date, at: time.minutes)
    }

    /// The weekly hours of a form: per weekday `day<n>_start`/`day<n>_end` (empty: not working) and an optional
    /// break `day<n>_break_start`/`day<n>_break_end` inside them. Nil when a time is malformed or out of order.
    static func hours(_ form: FormBody) -> [WorkingWindow]? {
        var windows: [WorkingWindow] = []
        for weekday in 1...7 {
            let field = { (name: String) in (form["day\(weekday)_\(name)"] ?? "").trimmingCharacters(in: .whitespaces) }
            let (startText, endText) = (field("start"), field("end"))
            if startText.isEmpty && endText.isEmpty { continue }
            guard let start = TimeOfDay(startText), let end = TimeOfDay(endText), start.minutes < end.minutes else {
                return nil
            }
            let (breakStartText, breakEndText) = (field("break_start"), field("break_end"))
            if breakStartText.isEmpty && breakEndText.isEmpty {
                windows.append(WorkingWindow(weekday: weekday, start: start, end: end))
                continue
            }
            guard let breakStart = TimeOfDay(breakStartText), let breakEnd = TimeOfDay(breakEndText),
                start.minutes < breakStart.minutes, breakStart.minutes < breakEnd.minutes,
                breakEnd.minutes < end.minutes
            else { return nil }
            windows.append(WorkingWindow(weekday: weekday, start: start, end: breakStart))
            windows.append(WorkingWindow(weekday: weekday, start: breakEnd, end: end))
        }
        return windows
    }

    /// The form's rows for existing hours: the first window's start to the last's end, the gap between the first
    /// two as the break.
    static func days(_ windows: [WorkingWindow], _ texts: PageTexts) -> [DayRow] {
        (1...7).map { weekday in
            let day = windows.filter { $0.weekday == weekday }.sorted { $0.start.minutes < $1.start.minutes }
            let clock = { (time: TimeOfDay?) in time.map { LocalFormat.clock(minutes: $0.minutes) } ?? "" }
            return DayRow(
                weekday: weekday, name: texts.weekdays[weekday - 1], start: clock(day.first?.start),
                end: clock(day.last?.end), breakStart: day.count > 1 ? clock(day[0].end) : "",
                breakEnd: day.count > 1 ? clock(day[1].start) : "")
        }
    }

    /// `Mon 10:00–20:00 · Tue …` for the list.
    static func summary(_ windows: [WorkingWindow], _ texts: PageTexts) -> String {
        days(windows, texts).filter { !$0.start.isEmpty }.map { "\($0.name) \($0.start)–\($0.end)" }
            .joined(separator: " · ")
    }
}
