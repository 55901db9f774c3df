import Core
import Foundation
import Testing

@testable import Server

@Suite("Booking pages: the customer's flow over HTTP")
struct BookingPageFlowTests {
    @Test("demo sign-in, slots, hold with countdown, confirm with channel liff, then my bookings")
    func bookEndToEnd() async throws {
        try await BookingPageWorld.with { world in
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let menu = try await client.get(world.bookPath, headers: ["Accept-Language": "zh-TW"])
            #expect(menu.status == 200)
            #expect(menu.html.contains("Gel 凝膠") && menu.html.contains("NT$1,200") && menu.html.contains("不指定"))
            let times = try await world.times(client)
            let slots = WebClient.slots(in: times.html)
            #expect(slots.count > 10)
            let held = try await world.hold(client, slot: slots[0], csrf: try #require(times.csrf))
            #expect(held.status == 303)
            let holdPath = try #require(held.location)
            let holdPage = try await client.get(holdPath)
            #expect(holdPage.html.contains(#"data-remaining="600""#))
            let confirmed = try await client.post(
                holdPath + "/confirm", ["note": "靠窗", "_csrf": try #require(holdPage.csrf)])
            let bookingPath = String(try #require(confirmed.location).split(separator: "?")[0])
            let bookingID = try #require(bookingPath.split(separator: "/").last)
            let history = try await world.salon.call("GET", "/bookings/\(bookingID)/history")
            #expect(history.status == 200)
            #expect(String(decoding: history.body, as: UTF8.self).contains(#""channel":"liff""#))
            let mine = try await client.get(world.bookPath + "/bookings", headers: ["Accept-Language": "en"])
            #expect(mine.html.contains(#"data-booking-id="\#(bookingID)""#))
            #expect(mine.html.contains("Upcoming"))
        }
    }

    @Test("a service named <script>alert(1)</script> shows as text")
    func escapesUserData() async throws {
        try await BookingPageWorld.with { world in
            let created = try await world.salon.call(
                "POST", "/services", #"{"name":"<script>alert(1)</script>","durationMinutes":30,"price":500}"#)
            #expect(created.status == 201)
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let menu = try await client.get(world.bookPath)
            #expect(menu.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!menu.html.contains("<script>alert(1)"))
        }
    }

    @Test("two customers race for the last slot: one holds it, the other gets fresh slots and a friendly notice")
    func raceForLastSlot() async throws {
        try await BookingPageWorld.with { world in
            let first = try await world.demoCustomer()
            let second = try await world.demoCustomer()
            defer {
                Task {
                    try? await first.shutdown()
                    try? await second.shutdown()
                }
            }
            let firstTimes = try await world.times(first)
            let secondTimes = try await world.times(second)
            let slot = try #require(WebClient.slots(in: firstTimes.html).first)
            async let a = world.hold(first, slot: slot, csrf: try #require(firstTimes.csrf))
            async let b = world.hold(second, slot: slot, csrf: try #require(secondTimes.csrf))
            let answers = try await [a, b]
            let winners = answers.filter { $0.location?.contains("/holds/hld_") == true }
            let losers = answers.filter { $0.location?.contains("notice=taken") == true }
            #expect(winners.count == 1 && losers.count == 1)
            let loser = answers[0].location?.contains("notice=taken") == true ? first : second
            let fresh = try await loser.get(try #require(losers.first?.location), headers: ["Accept-Language": "en"])
            #expect(fresh.status == 200)
            #expect(fresh.html.contains("that time was just taken"))
            #expect(!WebClient.slots(in: fresh.html).contains(slot))
        }
    }

    @Test("an expired hold leads back to fresh slots with a notice, never an error page")
    func expiredHold() async throws {
        try await BookingPageWorld.with { world in
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let times = try await world.times(client)
            let slot = try #require(WebClient.slots(in: times.html).first)
            let held = try await world.hold(client, slot: slot, csrf: try #require(times.csrf))
            let holdPath = try #require(held.location)
            let holdPage = try await client.get(holdPath)
            world.server.clock.advance(seconds: 11 * 60)
            let confirmed = try await client.post(holdPath + "/confirm", ["_csrf": try #require(holdPage.csrf)])
            #expect(confirmed.status == 303)
            #expect(confirmed.location?.contains("notice=hold_expired") == true)
            let page = try await client.get(try #require(confirmed.location), headers: ["Accept-Language": "en"])
            #expect(page.status == 200 && page.html.contains("The hold has expired"))
        }
    }

    @Test("a customer may hold only a few slots at once")
    func holdCap() async throws {
        let capTwo: (inout WebConfiguration) -> Void = { $0.holdsPerCustomerMax = 2 }
        try await BookingPageWorld.with(configure: capTwo) { world in
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let times = try await world.times(client)
            let slots = WebClient.slots(in: times.html)
            let csrf = try #require(times.csrf)
            for index in [0, 8] {  // 10:00 and 12:00: no overlap between them
                let held = try await world.hold(client, slot: slots[index], csrf: csrf)
                #expect(held.location?.contains("/holds/") == true)
            }
            let third = try await world.hold(client, slot: slots[16], csrf: csrf)
            #expect(third.location?.contains("notice=too_many_holds") == true)
        }
    }

    @Test("cancel within the deadline; past it, a clear message and no buttons")
    func cancelAndDeadline() async throws {
        try await BookingPageWorld.with(salonSettings: #""cancelDeadlineMinutes":120"#) { world in
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let first = try await world.bookFirstSlot(client, index: 8)  // 12:00; the deadline is 10:00, now 09:00
            let detail = try await client.get(first, headers: ["Accept-Language": "en"])
            let cancelled = try await client.post(first + "/cancel", ["_csrf": try #require(detail.csrf)])
            #expect(cancelled.location?.hasSuffix("/bookings?notice=cancelled") == true)
            let list = try await client.get(try #require(cancelled.location), headers: ["Accept-Language": "en"])
            #expect(list.html.contains("Your booking is cancelled.") && list.html.contains("Cancelled"))

            let second = try await world.bookFirstSlot(client)  // 10:00: its deadline, 08:00, has passed
            let late = try await client.get(second, headers: ["Accept-Language": "en"])
            #expect(late.html.contains("close 120 minutes before the start"))
            #expect(!late.html.contains(second + "/cancel"))
            let refused = try await client.post(second + "/cancel", ["_csrf": try #require(detail.csrf)])
            #expect(refused.location?.contains("notice=deadline_passed") == true)
        }
    }

    @Test("the booking page books a visit of two services at once: times for the whole visit, every item or none")
    func visitThroughTheBookingPage() async throws {
        try await BookingPageWorld.with { world in
            let art = try #require(
                try await world.salon.call("POST", "/services", #"{"name":"Nail art 彩繪","durationMinutes":30}"#)
                    .json?["id"]?.string)
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let menu = try await client.get(world.bookPath)
            #expect(menu.html.contains(#"name="also" value="\#(art)""#))
            let path = world.bookPath + "/times?service=\(world.salon.serviceID)&staff=any&also=\(art)"
            let times = try await client.get(path)
            #expect(times.status == 200 && times.html.contains("/visits") && times.html.contains(" + "))
            #expect(times.html.contains(#"name="items" value="\#(world.salon.serviceID),\#(art)""#))
            let slots = WebClient.slots(in: times.html)
            let slot = try #require(slots.first)
            let form = [
                "items": "\(world.salon.serviceID),\(art)", "staff": "any", "date": "", "slot": slot,
                "_csrf": try #require(times.csrf),
            ]
            let booked = try await client.post(world.bookPath + "/visits", form)
            let location = try #require(booked.location, "\(booked.status)")
            #expect(location.hasSuffix("?notice=booked"))
            let id = try #require(location.split(separator: "/").last?.split(separator: "?").first)
            let visit = try await world.salon.call("GET", "/bookings/\(id)")
            #expect(visit.json?["items"]?.array?.count == 2)
            #expect(visit.json?["items"]?[1]?["serviceId"]?.string == art)
            // The same start again: taken, so fresh times and a word, not an error page.
            let again = try await client.post(world.bookPath + "/visits", form)
            #expect(again.location?.contains("notice=taken") == true && again.location?.contains("also=\(art)") == true)
            // The times no longer offer it.
            #expect(!WebClient.slots(in: try await client.get(path).html).contains(slot))
        }
    }

    @Test("a visit of several services shows every service and offers cancel, not the one-service reschedule")
    func visitOnMyBookings() async throws {
        try await BookingPageWorld.with { world in
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let single = try await world.bookFirstSlot(client)
            let singleID = try #require(single.split(separator: "/").last)
            let made = try await world.salon.call("GET", "/bookings/\(singleID)")
            let customerID = try #require(made.json?["customerId"]?.string)
            let start = try #require(made.json?["startsAt"]?.string).replacingOccurrences(of: "T10:", with: "T15:")
            let art = try #require(
                try await world.salon.call("POST", "/services", #"{"name":"Nail art 彩繪","durationMinutes":30}"#)
                    .json?["id"]?.string)
            let visit = try await world.salon.call(
                "POST", "/bookings",
                #"{"customerId":"\#(customerID)","startsAt":"\#(start)","items":[{"serviceId":"\#(world.salon.serviceID)"},{"serviceId":"\#(art)"}]}"#
            )
            #expect(visit.status == 201, "\(visit.status) \(start)")
            let visitID = try #require(visit.json?["id"]?.string)
            let detail = try await client.get(world.bookPath + "/bookings/\(visitID)")
            #expect(detail.status == 200 && detail.html.contains("Nail art 彩繪") && detail.html.contains(" + "))
            #expect(!detail.html.contains("/bookings/\(visitID)/reschedule"))
            #expect(detail.html.contains("/bookings/\(visitID)/cancel"))
            #expect(try await client.get(world.bookPath + "/bookings/\(visitID)/reschedule").status == 404)
            #expect(try await client.get(single).html.contains(single + "/reschedule"))
        }
    }

    @Test("reschedule moves the booking atomically to a free start")
    func reschedule() async throws {
        try await BookingPageWorld.with { world in
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let booking = try await world.bookFirstSlot(client)
            let choose = try await client.get(booking + "/reschedule")
            let slots = WebClient.slots(in: choose.html)
            let target = try #require(slots.last)
            let moved = try await client.post(
                booking + "/reschedule", ["slot": target, "_csrf": try #require(choose.csrf)])
            #expect(moved.location?.hasSuffix("?notice=rescheduled") == true)
            let id = try #require(booking.split(separator: "/").last)
            let api = try await world.salon.call("GET", "/bookings/\(id)")
            let secondsText = try #require(target.split(separator: ".").last)
            let seconds = try #require(Int64(secondsText))
            let expected = RFC3339.format(
                Instant(secondsSinceEpoch: seconds), in: ZoneRules(identifier: "Asia/Taipei")!)
            #expect(api.json?["startsAt"]?.string == expected)
        }
    }
}
