import Core
import Foundation
import Testing

@testable import Server

@Suite("The waitlist on the booking page and in the back-office")
struct WaitlistPageTests {
    /// Books every hour of 2026-12-01 (10:00–19:00) for the salon's own customer; returns the bookings by hour.
    static func fillTheDay(_ salon: APISalon) async throws -> [Int: String] {
        var ids: [Int: String] = [:]
        for hour in 10...19 {
            let time = hour < 10 ? "0\(hour):00" : "\(hour):00"
            let made = try await salon.call("POST", "/bookings", salon.bookingBody(time))
            ids[hour] = try #require(made.json?["id"]?.string, "\(made.status)")
        }
        return ids
    }

    @Test("a full day offers 'notify me'; the offer shows on 'my bookings' and is booked from there")
    func notifyMeAndBookTheOffer() async throws {
        try await BookingPageWorld.with { world in
            let bookings = try await Self.fillTheDay(world.salon)
            let client = try await world.demoCustomer()
            defer { Task { try? await client.shutdown() } }
            let full = try await world.times(client, date: "2026-12-01")
            #expect(full.html.contains("chip full selected") && full.html.contains(#"class="waitlist""#))
            #expect(WebClient.slots(in: full.html).isEmpty)
            let joined = try await client.post(
                world.bookPath + "/waitlist",
                [
                    "service": world.salon.serviceID, "staff": "any", "date": "2026-12-01",
                    "_csrf": try #require(full.csrf),
                ])
            let location = try #require(joined.location, "\(joined.status)")
            #expect(location.hasSuffix("/bookings?notice=waitlist_joined"))
            let again = try await client.post(
                world.bookPath + "/waitlist",
                [
                    "service": world.salon.serviceID, "staff": "any", "date": "2026-12-01",
                    "_csrf": try #require(full.csrf),
                ])
            #expect(again.location?.contains("notice=waitlist_already") == true)
            var mine = try await client.get(location, headers: ["Accept-Language": "en"])
            #expect(mine.html.contains("waitlist-entry") && mine.html.contains("Stop waiting"))
            // A cancellation frees 15:00; the scan offers it; "my bookings" shows the offer with "Book this slot".
            _ = try await world.salon.call("POST", "/bookings/\(try #require(bookings[15]))/cancel", "{}")
            await WaitlistAPITests.scan(world.server)
            mine = try await client.get(world.bookPath + "/bookings", headers: ["Accept-Language": "en"])
            #expect(mine.html.contains("A slot opened up for you:") && mine.html.contains("accept-offer"))
            let accept = try #require(WebClient.attribute(after: #"<form method="post" action=""#, in: mine.html))
            #expect(accept.hasSuffix("/accept"))
            let booked = try await client.post(accept, ["_csrf": try #require(mine.csrf)])
            let detail = try #require(booked.location, "\(booked.status)")
            #expect(detail.contains("/bookings/bkg_") && detail.hasSuffix("?notice=booked"))
            let id = try #require(detail.split(separator: "/").last?.split(separator: "?").first)
            let booking = try await world.salon.call("GET", "/bookings/\(id)")
            #expect(booking.json?["startsAt"]?.string == "2026-12-01T15:00:00+08:00")
            #expect(booking.json?["customerId"]?.string != world.salon.customerID)
            // Waiting for another day, then stopping.
            let other = try await world.times(client, date: "2026-12-02")
            _ = try await client.post(
                world.bookPath + "/waitlist",
                [
                    "service": world.salon.serviceID, "staff": "any", "date": "2026-12-02",
                    "_csrf": try #require(other.csrf),
                ])
            mine = try await client.get(world.bookPath + "/bookings")
            let leave = try #require(
                WebClient.attribute(after: #"<form method="post" action=""#, in: mine.html).flatMap {
                    $0.hasSuffix("/leave") ? $0 : nil
                })
            let left = try await client.post(leave, ["_csrf": try #require(mine.csrf)])
            #expect(left.location?.hasSuffix("notice=waitlist_left") == true)
            #expect(
                try await world.salon.call("GET", "/waitlist?status=open").json?["entries"]?.array?.isEmpty == true)
        }
    }
}

@Suite("The waitlist in the back-office")
struct OfficeWaitlistTests {
    @Test("salon staff see the queue with the slot offered and take an entry off, which passes the slot on")
    func officeQueue() async throws {
        try await OfficeWorld.with { world in
            let bookings = try await WaitlistPageTests.fillTheDay(world.salon)
            let window = #""from":"2026-12-01T10:00:00+08:00","to":"2026-12-01T20:00:00+08:00""#
            for name in ["林小姐", "陳小姐"] {
                let customer = try #require(
                    try await world.salon.call("POST", "/customers", #"{"displayName":"\#(name)"}"#).json?["id"]?.string
                )
                let joined = try await world.salon.call(
                    "POST", "/waitlist",
                    #"{"customerId":"\#(customer)","serviceId":"\#(world.salon.serviceID)",\#(window)}"#)
                #expect(joined.status == 201)
            }
            _ = try await world.salon.call("POST", "/bookings/\(try #require(bookings[12]))/cancel", "{}")
            await WaitlistAPITests.scan(world.server)
            let staff = try await world.account(.staff, login: "staff", staffID: world.salon.staffID)
            let page = try await staff.get("/office/waitlist")
            #expect(page.status == 200 && page.html.contains("林小姐") && page.html.contains("陳小姐"))
            #expect(page.html.contains(#"class="offer""#) && page.html.contains("12:00"))
            let remove =
                "/office/waitlist/"
                + (try #require(WebClient.attribute(after: #"action="/office/waitlist/"#, in: page.html)))
            #expect(remove.hasSuffix("/remove"))
            let removed = try await staff.post(remove, ["_csrf": try #require(page.csrf)])
            #expect(removed.status == 303)
            await WaitlistAPITests.scan(world.server)
            let entries = try #require(try await world.salon.call("GET", "/waitlist").json?["entries"]?.array)
            #expect(Set(entries.compactMap { $0["status"]?.string }) == ["declined", "offered"])
            let after = try await staff.get("/office/waitlist")
            #expect(after.html.contains("waitlist-closed") && after.html.contains("陳小姐"))
        }
    }
}
