import Foundation
import Testing

@Suite("Booking API over real HTTP", .serialized)
struct BookingAPITests {
    @Test("book, collide, list, read, history, and change status")
    func bookingLifecycle() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let created = try await salon.call("POST", "/bookings", salon.bookingBody("14:00"))
            #expect(created.status == 201)
            #expect(created.header("X-Nailbook-LSN").flatMap(Int.init) ?? 0 > 0)
            let booking = try #require(created.json)
            #expect(booking["status"]?.string == "confirmed")
            #expect(booking["startsAt"]?.string == "2026-12-01T14:00:00+08:00")
            #expect(booking["endsAt"]?.string == "2026-12-01T15:00:00+08:00")
            #expect(booking["cancelledAt"]?.isNull == true && booking["holdId"]?.isNull == true)
            let id = try #require(booking["id"]?.string)

            let clash = try await salon.call("POST", "/bookings", salon.bookingBody("14:30"))
            #expect(clash.status == 409)
            #expect(clash.header("Content-Type") == "application/problem+json")
            #expect(clash.json?["code"]?.string == "overlap" && clash.json?["conflictingId"]?.string == id)
            let backToBack = try await salon.call("POST", "/bookings", salon.bookingBody("15:00"))
            #expect(backToBack.status == 201)

            let list = try await salon.call("GET", "/bookings?from=2026-12-01T00:00:00%2B08:00&limit=1")
            #expect(list.json?["bookings"]?.array?.count == 1 && list.json?["bookings"]?[0]?["id"]?.string == id)
            let cursor = try #require(list.json?["nextCursor"]?.string)
            let second = try await salon.call("GET", "/bookings?limit=1&cursor=\(cursor)")
            #expect(second.json?["bookings"]?[0]?["id"]?.string == backToBack.json?["id"]?.string)
            #expect((try await salon.call("GET", "/bookings/\(id)")).json?["id"]?.string == id)

            let moved = try await salon.call(
                "POST", "/bookings/\(id)/reschedule", #"{"startsAt":"2026-12-01T15:30:00+08:00"}"#)
            #expect(moved.status == 409 && moved.json?["code"]?.string == "overlap")
            let movedOK = try await salon.call(
                "POST", "/bookings/\(id)/reschedule", #"{"startsAt":"2026-12-01T11:00:00+08:00"}"#)
            #expect(movedOK.status == 200 && movedOK.json?["startsAt"]?.string == "2026-12-01T11:00:00+08:00")
            let cancelled = try await salon.call("POST", "/bookings/\(id)/cancel", #"{"reason":"sick"}"#)
            #expect(
                cancelled.json?["status"]?.string == "cancelled" && cancelled.json?["cancelReason"]?.string == "sick")
            let again = try await salon.call("POST", "/bookings/\(id)/complete")
            #expect(again.status == 409 && again.json?["code"]?.string == "invalid_state_transition")
            let other = try #require(backToBack.json?["id"]?.string)
            #expect((try await salon.call("POST", "/bookings/\(other)/no-show")).json?["status"]?.string == "no_show")

            let history = try await salon.call("GET", "/bookings/\(id)/history")
            let actions = history.json?["events"]?.array?.compactMap { $0["action"]?.string }
            #expect(actions == ["created", "rescheduled", "cancelled"])
            #expect(history.json?["events"]?[0]?["actor"]?["type"]?.string == "merchant")
            #expect(history.json?["events"]?[1]?["changes"]?["startsAt"]?["to"]?.string == "2026-12-01T11:00:00+08:00")
        }
    }

    @Test("idempotent retries return the first result; a different body under the key is a conflict")
    func idempotency() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let key = ["Idempotency-Key": "retry-1"]
            let first = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"), headers: key)
            let second = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"), headers: key)
            #expect(first.status == 201 && second.status == 201)
            #expect(first.json?["id"] == second.json?["id"])
            let different = try await salon.call("POST", "/bookings", salon.bookingBody("11:00"), headers: key)
            #expect(different.status == 422 && different.json?["code"]?.string == "idempotency_conflict")
            #expect((try await salon.call("GET", "/bookings")).json?["bookings"]?.array?.count == 1)
        }
    }

    @Test("holds block, confirm into bookings, release, and expire with 410")
    func holds() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server, settings: #""holdMinutes":5"#)
            let holdBody =
                #"{"serviceId":"\#(salon.serviceID)","staffId":"\#(salon.staffID)","startsAt":"2026-12-01T16:00:00+08:00"}"#
            let hold = try await salon.call("POST", "/holds", holdBody)
            #expect(hold.status == 201)
            let holdID = try #require(hold.json?["id"]?.string)
            #expect(
                (try await salon.call("POST", "/bookings", salon.bookingBody("16:30"))).json?["conflictingId"]?.string
                    == holdID)
            let confirmed = try await salon.call(
                "POST", "/bookings", salon.bookingBody("16:00", extra: #","holdId":"\#(holdID)""#))
            #expect(confirmed.status == 201 && confirmed.json?["holdId"]?.string == holdID)

            let second = try await salon.call(
                "POST", "/holds", holdBody.replacingOccurrences(of: "16:00", with: "18:00"))
            let secondID = try #require(second.json?["id"]?.string)
            #expect((try await salon.call("DELETE", "/holds/\(secondID)")).status == 204)
            #expect((try await salon.call("DELETE", "/holds/\(secondID)")).status == 404)

            let third = try await salon.call(
                "POST", "/holds", holdBody.replacingOccurrences(of: "16:00", with: "12:00"))
            let thirdID = try #require(third.json?["id"]?.string)
            server.clock.advance(seconds: 5 * 60)
            let late = try await salon.call(
                "POST", "/bookings", salon.bookingBody("12:00", extra: #","holdId":"\#(thirdID)""#))
            #expect(late.status == 410 && late.json?["code"]?.string == "hold_expired")
        }
    }

    @Test("availability lists free grid starts and drops booked ones")
    func availability() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let path = "/availability?serviceId=\(salon.serviceID)&date=2026-12-01"
            let before = try await salon.call("GET", path)
            #expect(before.json?["timeZone"]?.string == "Asia/Taipei")
            let starts = before.json?["slots"]?.array?.compactMap { $0["startsAt"]?.string } ?? []
            #expect(starts.first == "2026-12-01T10:00:00+08:00" && starts.last == "2026-12-01T19:00:00+08:00")
            #expect(starts.count == 37)
            _ = try await salon.call("POST", "/bookings", salon.bookingBody("12:00"))
            let after = try await salon.call("GET", path + "&staffId=\(salon.staffID)")
            let left = after.json?["slots"]?.array?.compactMap { $0["startsAt"]?.string } ?? []
            #expect(!left.contains("2026-12-01T12:00:00+08:00") && !left.contains("2026-12-01T11:15:00+08:00"))
            #expect(left.contains("2026-12-01T11:00:00+08:00") && left.contains("2026-12-01T13:00:00+08:00"))
            #expect(
                (try await salon.call("GET", "/availability?serviceId=\(salon.serviceID)&date=12/01")).status == 400)
        }
    }
}
