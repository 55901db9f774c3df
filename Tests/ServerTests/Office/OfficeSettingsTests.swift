import Core
import Foundation
import Testing

@testable import Server

@Suite("Back-office staff and services")
struct OfficeSettingsTests {
    @Test("the owner adds a technician with hours and a lunch break, time off and a service; the calendar follows")
    func technicianAndService() async throws {
        try await OfficeWorld.with { world in
            let owner = try await world.account(.owner, login: "owner")
            let list = try await owner.get("/office/staff")
            #expect(list.status == 200 && list.html.contains("小美"))
            var fields = ["_csrf": try #require(list.csrf), "name": "Ploy"]
            fields["day2_start"] = "10:00"
            fields["day2_end"] = "19:00"
            fields["day2_break_start"] = "13:00"
            fields["day2_break_end"] = "14:00"
            let made = try await owner.post("/office/staff", fields)
            #expect(made.status == 303)
            let path = try #require(made.location)
            let staffID = try #require(StaffID(String(path.dropFirst("/office/staff/".count))))
            let staff = try #require(world.server.node.engine.staff(staffID, merchantID: world.merchantID))
            #expect(
                staff.workingHours == [
                    WorkingWindow(weekday: 2, start: TimeOfDay("10:00")!, end: TimeOfDay("13:00")!),
                    WorkingWindow(weekday: 2, start: TimeOfDay("14:00")!, end: TimeOfDay("19:00")!),
                ])
            let edit = try await owner.get(path)
            #expect(edit.status == 200 && edit.html.contains(#"name="day2_break_start" value="13:00""#))
            let off = try await owner.post(
                path + "/time-off",
                [
                    "_csrf": try #require(edit.csrf), "from": "2026-12-01T15:00", "to": "2026-12-01T17:00",
                    "reason": "牙醫",
                ])
            #expect(off.status == 303)
            let calendar = try await owner.get("/office/calendar?date=2026-12-01")
            #expect(calendar.html.contains("off timeoff") && calendar.html.contains(">Ploy</th>"))
            let wrong = try await owner.post(
                "/office/staff",
                ["_csrf": try #require(list.csrf), "name": "X", "day1_start": "19:00", "day1_end": "10:00"])
            #expect(wrong.status == 422)
            let services = try await owner.get("/office/services")
            let service = try await owner.post(
                "/office/services",
                [
                    "_csrf": try #require(services.csrf), "name": "手部保養", "duration": "45", "price": "800",
                    "bufferAfter": "15",
                ])
            #expect(service.status == 303)
            let menu = world.server.node.engine.services(of: world.merchantID).map(\.name)
            #expect(menu.contains("手部保養"))
            let bad = try await owner.post(
                "/office/services", ["_csrf": try #require(services.csrf), "name": "x", "duration": "abc"])
            #expect(bad.status == 422)
        }
    }

    @Test("customers: a search by name or phone, visits, no-shows and late cancellations; the note and the block")
    func customers() async throws {
        try await OfficeWorld.with { world in
            let engine = world.server.node.engine
            let context = CommandContext(now: world.server.clock.now, origin: .system)
            let visited = try await OfficeCalendarTests.book(world, "10:00", date: "2026-11-27")
            let absent = try await OfficeCalendarTests.book(world, "12:00", date: "2026-11-27")
            let late = try await OfficeCalendarTests.book(world, "15:00", date: "2026-11-27")
            _ = try await engine.completeBooking(BookingID(visited)!, merchantID: world.merchantID, context).get()
            _ = try await engine.markNoShow(BookingID(absent)!, merchantID: world.merchantID, context).get()
            _ = try await engine.cancelBooking(BookingID(late)!, merchantID: world.merchantID, reason: nil, context)
                .get()
            _ = try await engine.createCustomer(
                merchantID: world.merchantID, CustomerDraft(displayName: "林小姐", phone: "0987654321"), context)
            let owner = try await world.account(.owner, login: "owner")
            let all = try await owner.get("/office/customers")
            #expect(all.status == 200 && all.html.contains("王小姐") && all.html.contains("林小姐"))
            let byPhone = try await owner.get("/office/customers?q=0987")
            #expect(byPhone.html.contains("林小姐") && !byPhone.html.contains("王小姐"))
            let record = try await owner.get("/office/customers/\(world.salon.customerID)")
            #expect(record.html.contains(#"<dd id="customer-visits">1</dd>"#))
            #expect(record.html.contains(#"<dd id="customer-no-shows">1</dd>"#))
            #expect(record.html.contains(#"<dd id="customer-late-cancels">1</dd>"#))
            let saved = try await owner.post(
                "/office/customers/\(world.salon.customerID)",
                ["_csrf": try #require(record.csrf), "note": "<i>喜歡法式</i>", "blocked": "on"])
            #expect(saved.status == 303)
            let customer = try #require(
                engine.customer(CustomerID(world.salon.customerID)!, merchantID: world.merchantID))
            #expect(customer.note == "<i>喜歡法式</i>" && customer.blockedFromOnlineBooking)
            let again = try await owner.get("/office/customers/\(world.salon.customerID)")
            #expect(again.html.contains("&lt;i&gt;喜歡法式&lt;/i&gt;") && again.html.contains("checked"))
        }
    }

    @Test("notifications: filtered by status with LINE's reason; a failed one is sent again")
    func notifications() async throws {
        try await OfficeWorld.with { world in
            let engine = world.server.node.engine
            let channel = LineChannel(
                merchantID: world.merchantID, channelID: "2000000001", sealedSecret: [1], sealedAccessToken: [2],
                accessTokenLast4: "abcd", liffID: nil, state: .tokenInvalid, updatedAt: world.server.clock.now)
            _ = try await engine.storeLineChannel(channel).get()
            _ = try await OfficeCalendarTests.book(world, "11:00")
            let notification = try #require(
                engine.notifications(NotificationQuery(merchantID: world.merchantID)).first?.0)
            _ = try await engine.recordDeliveries(
                [NotificationOutcome(id: notification.id, result: .failed(error: "LINE answered 400: <invalid> user"))],
                at: world.server.clock.now)
            let owner = try await world.account(.owner, login: "owner")
            let failed = try await owner.get("/office/notifications?status=failed")
            #expect(failed.status == 200 && failed.html.contains(#"data-status="failed""#))
            #expect(failed.html.contains("LINE answered 400: &lt;invalid&gt; user"))
            let sent = try await owner.get("/office/notifications?status=sent")
            #expect(!sent.html.contains("data-notification="))
            let resent = try await owner.post(
                "/office/notifications/\(notification.id)/resend", ["_csrf": try #require(failed.csrf)])
            #expect(resent.status == 303)
            let after = try #require(engine.store.read { $0.outbox.notifications[notification.id] })
            #expect(after.status == .pending)
            let again = try await owner.post(
                "/office/notifications/\(notification.id)/resend", ["_csrf": try #require(failed.csrf)])
            #expect(again.status == 409)
            let api = try await world.salon.call("POST", "/notifications/\(notification.id)/resend")
            #expect(api.status == 409 && api.json?["code"]?.string == "invalid_state_transition")
            #expect(try await world.salon.call("POST", "/notifications/ntf_0000000000001/resend").status == 404)
        }
    }

    @Test("reports: the figures of a range, and each table as CSV with formula-like cells defused")
    func reports() async throws {
        try await OfficeWorld.with { world in
            _ = try await world.salon.call(
                "PATCH", "/services/\(world.salon.serviceID)", #"{"name":"=HYPERLINK(\"x\")"}"#)
            _ = try await OfficeCalendarTests.book(world, "11:00")
            _ = try await OfficeCalendarTests.book(world, "14:00")
            let owner = try await world.account(.owner, login: "owner")
            let page = try await owner.get("/office/reports?from=2026-12-01&to=2026-12-31&by=week")
            #expect(page.status == 200 && page.html.contains(#"<dd id="report-bookings">2</dd>"#))
            #expect(page.html.contains("2,400"))
            let csv = try await owner.get("/office/reports/export?table=services&from=2026-12-01&to=2026-12-31&by=week")
            #expect(csv.status == 200 && csv.header("Content-Type")?.hasPrefix("text/csv") == true)
            #expect(csv.html == "service,bookings,revenue\r\n\"'=HYPERLINK(\"\"x\"\")\",2,2400\r\n")
            let summary = try await owner.get("/office/reports/export?table=summary&from=2026-12-01&to=2026-12-31")
            #expect(summary.html.hasPrefix("from,to,bookings,revenue,currency"))
            let tooLong = try await owner.get("/office/reports?from=2026-01-01&to=2027-12-31")
            #expect(tooLong.status == 422)
        }
    }

    @Test("settings pages: owners and managers open them; a staff account gets the 403 page")
    func roles() async throws {
        try await OfficeWorld.with { world in
            let manager = try await world.account(.manager, login: "manager")
            let staff = try await world.account(.staff, login: "mei", staffID: world.salon.staffID)
            for path in [
                "/office/staff", "/office/services", "/office/staff/\(world.salon.staffID)",
                "/office/services/\(world.salon.serviceID)",
            ] {
                #expect(try await manager.get(path).status == 200, "\(path)")
                let refused = try await staff.get(path)
                #expect(refused.status == 403 && refused.html.contains("role=\"alert\""), "\(path)")
            }
            let today = try await staff.get("/office")
            #expect(today.status == 200 && !today.html.contains("/office/staff"))
            #expect(try await staff.post("/office/staff", ["name": "X"]).status == 403)
        }
    }
}
