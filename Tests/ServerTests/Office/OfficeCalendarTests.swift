import Core
import Foundation
import Testing

@testable import Server

@Suite("Back-office calendar and bookings")
struct OfficeCalendarTests {
    /// Books `date` (default 2026-12-01) at `time` (Taipei) over the API; returns the booking id.
    static func book(_ world: OfficeWorld, _ time: String, date: String = "2026-12-01") async throws -> String {
        let answer = try await world.salon.call(
            "POST", "/bookings",
            #"{"serviceId":"\#(world.salon.serviceID)","customerId":"\#(world.salon.customerID)","startsAt":"\#(date)T\#(time):00+08:00"}"#
        )
        try #require(answer.status == 201, "booking: \(String(decoding: answer.body, as: UTF8.self))")
        return try #require(answer.json?["id"]?.string)
    }

    @Test("Today lists today's bookings with the booked revenue and the utilization")
    func today() async throws {
        try await OfficeWorld.with { world in
            _ = try await Self.book(world, "15:00", date: "2026-11-27")
            _ = try await Self.book(world, "17:00", date: "2026-11-27")
            let owner = try await world.account(.owner, login: "owner")
            let page = try await owner.get("/office")
            #expect(page.status == 200)
            #expect(page.html.contains("<td>王小姐</td>") && page.html.contains("15:00</a>"))
            #expect(page.html.contains(#"<dd id="figure-bookings">2</dd>"#))
            #expect(page.html.contains("2,400"))
            // Two hours booked of one technician's ten working hours.
            #expect(page.html.contains(#"<dd id="figure-utilization">20 %</dd>"#))
        }
    }

    @Test("the day view shows a booking as a block spanning its rows, free cells linking to a new booking")
    func dayView() async throws {
        try await OfficeWorld.with { world in
            let id = try await Self.book(world, "11:00")
            let owner = try await world.account(.owner, login: "owner")
            let page = try await owner.get("/office/calendar?date=2026-12-01")
            #expect(page.status == 200)
            #expect(
                page.html.contains(
                    #"class="booking" rowspan="4"><a draggable="true" data-booking="\#(id)" href="/office/bookings/\#(id)">11:00 王小姐"#
                ))
            #expect(page.html.contains("/office/bookings/new?staff=\(world.salon.staffID)&amp;start="))
            #expect(
                page.html.contains("<th scope=\"row\">10:00</th>") && page.html.contains("<th scope=\"row\">19:45</th>")
            )
            let changes = try await owner.get("/office/changes")
            #expect(UInt64(changes.html) == world.server.node.engine.store.appliedLSN)
        }
    }

    @Test("moving, completing and cancelling from the booking page go through the engine; a conflict says why")
    func actions() async throws {
        try await OfficeWorld.with { world in
            let first = try await Self.book(world, "11:00")
            let second = try await Self.book(world, "13:00")
            let owner = try await world.account(.owner, login: "owner")
            let page = try await owner.get("/office/bookings/\(first)")
            let csrf = try #require(page.csrf)
            let clash = try await owner.post(
                "/office/bookings/\(first)/move",
                ["_csrf": csrf, "date": "2026-12-01", "time": "13:30", "staffId": world.salon.staffID])
            #expect(clash.status == 409 && clash.html.contains("booking-error"))
            let moved = try await owner.post(
                "/office/bookings/\(first)/move",
                ["_csrf": csrf, "date": "2026-12-01", "time": "15:00", "staffId": world.salon.staffID])
            #expect(moved.status == 303)
            let booking = try #require(
                world.server.node.engine.booking(BookingID(first)!, merchantID: world.merchantID))
            #expect(
                booking.startsAt
                    == ZoneRules(identifier: "Asia/Taipei")!.instant(on: LocalDate("2026-12-01")!, at: 15 * 60))
            let history = try await owner.get("/office/bookings/\(first)")
            #expect(history.html.contains("rescheduled · owner"))
            let noToken = try await owner.post("/office/bookings/\(second)/cancel", ["reason": "x"])
            #expect(noToken.status == 403)
            let crossSite = try await owner.post(
                "/office/bookings/\(second)/cancel", ["_csrf": csrf, "reason": "x"], origin: "https://evil.example")
            #expect(crossSite.status == 403)
            let cancelled = try await owner.post(
                "/office/bookings/\(second)/cancel", ["_csrf": csrf, "reason": "客人感冒"])
            #expect(cancelled.status == 303)
            let closed = try #require(
                world.server.node.engine.booking(BookingID(second)!, merchantID: world.merchantID))
            #expect(closed.status == .cancelled && closed.cancelReason == "客人感冒")
            let last = try #require(world.server.node.engine.history(of: closed.id, merchantID: world.merchantID)?.last)
            #expect(last.origin.channel == .backOffice && last.origin.author.kind == .user)
        }
    }

    @Test("a technician's week view shows seven days; a drop on a free cell (start and technician) moves the booking")
    func weekViewAndDrop() async throws {
        try await OfficeWorld.with { world in
            let id = try await Self.book(world, "11:00", date: "2026-12-02")
            let owner = try await world.account(.owner, login: "owner")
            let week = try await owner.get("/office/calendar?view=week&staff=\(world.salon.staffID)&date=2026-12-02")
            #expect(week.status == 200 && week.html.contains(#"data-booking="\#(id)""#))
            #expect(week.html.components(separatedBy: "<th scope=\"col\">").count == 1 + 1 + 7)
            #expect(
                week.html.contains("/office/calendar?view=week&amp;staff=\(world.salon.staffID)&amp;date=2026-11-25"))
            let zone = ZoneRules(identifier: "Asia/Taipei")!
            let target = zone.instant(on: LocalDate("2026-12-03")!, at: 15 * 60)
            let dropped = try await owner.post(
                "/office/bookings/\(id)/move",
                [
                    "_csrf": try #require(week.csrf), "start": String(target.secondsSinceEpoch),
                    "staffId": world.salon.staffID,
                ])
            #expect(dropped.status == 303)
            let booking = try #require(world.server.node.engine.booking(BookingID(id)!, merchantID: world.merchantID))
            #expect(booking.startsAt == target)
            let outside = zone.instant(on: LocalDate("2026-12-03")!, at: 19 * 60 + 30)
            let refused = try await owner.post(
                "/office/bookings/\(id)/move",
                [
                    "_csrf": try #require(week.csrf), "start": String(outside.secondsSinceEpoch),
                    "staffId": world.salon.staffID,
                ])
            #expect(refused.status == 409 && refused.html.contains("booking-error"))
        }
    }

    @Test("a walk-in booked from an empty cell becomes a customer and a booking")
    func walkIn() async throws {
        try await OfficeWorld.with { world in
            let owner = try await world.account(.owner, login: "owner")
            let start = ZoneRules(identifier: "Asia/Taipei")!.instant(on: LocalDate("2026-12-01")!, at: 16 * 60)
            let form = try await owner.get(
                "/office/bookings/new?staff=\(world.salon.staffID)&start=\(start.secondsSinceEpoch)")
            #expect(form.status == 200)
            let made = try await owner.post(
                "/office/bookings",
                [
                    "_csrf": try #require(form.csrf), "staffId": world.salon.staffID,
                    "start": String(start.secondsSinceEpoch), "serviceId": world.salon.serviceID,
                    "walkInName": "<b>路人</b>", "walkInPhone": "0912",
                ])
            #expect(made.status == 303)
            let calendar = try await owner.get("/office/calendar?date=2026-12-01")
            #expect(calendar.html.contains("16:00 &lt;b&gt;路人&lt;/b&gt;") && !calendar.html.contains("<b>路人"))
        }
    }

    @Test("the new-booking form books a visit: the chosen service, then more in the same visit")
    func visitFromTheCalendar() async throws {
        try await OfficeWorld.with { world in
            let art = try #require(
                try await world.salon.call("POST", "/services", #"{"name":"彩繪","durationMinutes":30}"#)
                    .json?["id"]?.string)
            let owner = try await world.account(.owner, login: "owner")
            let start = ZoneRules(identifier: "Asia/Taipei")!.instant(on: LocalDate("2026-12-01")!, at: 14 * 60)
            let form = try await owner.get(
                "/office/bookings/new?staff=\(world.salon.staffID)&start=\(start.secondsSinceEpoch)")
            #expect(form.html.contains(#"<select id="then1" name="then1">"#))
            let made = try await owner.post(
                "/office/bookings",
                [
                    "_csrf": try #require(form.csrf), "staffId": world.salon.staffID,
                    "start": String(start.secondsSinceEpoch), "serviceId": world.salon.serviceID, "then1": art,
                    "then2": "", "customerId": world.salon.customerID,
                ])
            #expect(made.status == 303)
            let id = try #require(made.location?.split(separator: "/").last)
            let booking = try await world.salon.call("GET", "/bookings/\(id)")
            #expect(booking.json?["items"]?.array?.count == 2)
            #expect(booking.json?["items"]?[1]?["staffId"]?.string == world.salon.staffID)
            let detail = try await owner.get("/office/bookings/\(id)")
            #expect(detail.html.contains("彩繪") && detail.html.contains(" + "))
            let calendar = try await owner.get("/office/calendar?date=2026-12-01")
            #expect(calendar.html.contains("彩繪"))
        }
    }

    @Test("a staff account sees only its technician's column and bookings")
    func staffSeesOwnColumn() async throws {
        try await OfficeWorld.with { world in
            let other = try await world.salon.call(
                "POST", "/staff", #"{"name":"Aiko","workingHours":[\#(APISalon.hours)]}"#)
            let otherID = try #require(other.json?["id"]?.string)
            let booking = try await OfficeCalendarTests.book(world, "11:00")
            let staff = try await world.account(.staff, login: "aiko", staffID: otherID)
            let calendar = try await staff.get("/office/calendar?date=2026-12-01")
            #expect(
                calendar.status == 200 && calendar.html.contains(">Aiko</th>") && !calendar.html.contains(">小美</th>"))
            #expect(try await staff.get("/office/bookings/\(booking)").status == 404)
            #expect(try await staff.get("/office/bookings/new?staff=\(world.salon.staffID)&start=1").status == 403)
            let owner = try await world.account(.owner, login: "owner")
            let ownerView = try await owner.get("/office/calendar?date=2026-12-01")
            #expect(ownerView.html.contains(">Aiko</th>") && ownerView.html.contains(">小美</th>"))
        }
    }
}
