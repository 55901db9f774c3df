import Core
import Foundation
import Logging
import Testing

@testable import Server

@Suite("Waitlist through the API and LINE")
struct WaitlistAPITests {
    static let window = #""from":"2026-12-01T11:00:00+08:00","to":"2026-12-01T12:00:00+08:00""#

    /// One waitlist scan, as the leader's service runs it.
    static func scan(_ server: TestServer, offerMinutes: Int = 10) async {
        let service = WaitlistService(
            engine: server.node.engine, isLeader: { true }, clock: { server.clock.now }, offerMinutes: offerMinutes,
            logger: Logger(label: "test"))
        await service.scanOnce()
    }

    static func customer(_ salon: APISalon, line: String) async throws -> String {
        let made = try await salon.call("POST", "/customers", #"{"displayName":"林小姐","lineUserId":"\#(line)"}"#)
        return try #require(made.json?["id"]?.string)
    }

    @Test("a cancellation frees a slot: the waiting customer gets a LINE offer, books it from LINE, and is confirmed")
    func lineHandOff() async throws {
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server)
            try await world.connect(salon, token: "tok-wait")
            let waiting = try await Self.customer(salon, line: "Uwaiting01")
            let taken = try #require(
                try await salon.call("POST", "/bookings", salon.bookingBody("11:00")).json?["id"]?.string)
            let joined = try await salon.call(
                "POST", "/waitlist",
                #"{"customerId":"\#(waiting)","serviceId":"\#(salon.serviceID)","staffId":"\#(salon.staffID)",\#(Self.window)}"#
            )
            #expect(joined.status == 201 && joined.json?["status"]?.string == "waiting")
            let entry = try #require(joined.json?["id"]?.string)
            #expect(entry.hasPrefix("wle_") && joined.json?["offer"] == .null)
            await Self.scan(world.server)
            #expect(try await salon.call("GET", "/waitlist/\(entry)").json?["status"]?.string == "waiting")
            #expect(try await salon.call("POST", "/bookings/\(taken)/cancel", "{}").status == 200)
            await Self.scan(world.server)
            let offered = try await salon.call("GET", "/waitlist/\(entry)")
            #expect(offered.json?["status"]?.string == "offered")
            #expect(offered.json?["offer"]?["startsAt"]?.string == "2026-12-01T11:00:00+08:00")
            #expect(offered.json?["offer"]?["expiresAt"]?.string == "2026-11-27T09:10:00+08:00")
            let bookingID = try #require(offered.json?["offer"]?["bookingId"]?.string)
            // The slot is held: the API cannot book it meanwhile.
            #expect(try await salon.call("POST", "/bookings", salon.bookingBody("11:00")).status == 409)
            // The offer goes out on LINE: a Flex bubble with "book this slot" and "no thanks" postbacks.
            try await world.eventually("the offer is pushed") {
                world.fake.requests(to: .push).contains {
                    String(decoding: $0.body, as: UTF8.self).contains("action=accept-offer&entryId=\(entry)")
                }
            }
            let push = try #require(
                world.fake.requests(to: .push).first {
                    String(decoding: $0.body, as: UTF8.self).contains("accept-offer")
                })
            let text = String(decoding: push.body, as: UTF8.self)
            #expect(text.contains("Uwaiting01") && text.contains("action=decline-offer&entryId=\(entry)"))
            #expect(text.contains("\"type\":\"flex\"") && text.contains("有空檔了"))
            let kinds = try await world.notifications(salon).compactMap { $0["kind"]?.string }
            #expect(kinds.contains("waitlistOffer"))
            // The customer taps "book this slot".
            let tap = LineWorld.event(
                "postback", id: "01WL1", user: "Uwaiting01",
                extra: #","postback":{"data":"action=accept-offer&entryId=\#(entry)"}"#)
            #expect(try await world.webhook(salon.merchantID, body: tap).status == 200)
            try await world.eventually("the offer is booked") {
                try await salon.call("GET", "/waitlist/\(entry)").json?["status"]?.string == "booked"
            }
            let booking = try await salon.call("GET", "/bookings/\(bookingID)")
            #expect(booking.status == 200 && booking.json?["customerId"]?.string == waiting)
            #expect(booking.json?["startsAt"]?.string == "2026-12-01T11:00:00+08:00")
            try await world.eventually("the booking is confirmed on LINE") {
                try await world.notifications(salon, "?status=sent").contains {
                    $0["kind"]?.string == "confirmation" && $0["bookingId"]?.string == bookingID
                }
            }
            try await world.eventually("the tap is answered") {
                world.fake.requests(to: .reply).contains {
                    String(decoding: $0.body, as: UTF8.self).contains("預約成功")
                }
            }
        }
    }

    @Test("a visit of two services waits, is offered whole and booked as one visit")
    func visitHandOff() async throws {
        let server = try await TestServer.start()
        do {
            let salon = try await APISalon.make(server)
            let art = try #require(
                try await salon.call("POST", "/services", #"{"name":"Art","durationMinutes":30}"#).json?["id"]?.string)
            let taken = try #require(
                try await salon.call("POST", "/bookings", salon.bookingBody("11:00")).json?["id"]?.string)
            let joined = try await salon.call(
                "POST", "/waitlist",
                #"{"customerId":"\#(salon.customerID)","items":[{"serviceId":"\#(salon.serviceID)"},{"serviceId":"\#(art)"}],"from":"2026-12-01T11:00:00+08:00","to":"2026-12-01T12:30:00+08:00"}"#
            )
            #expect(joined.status == 201 && joined.json?["items"]?.array?.count == 2)
            #expect(joined.json?["parallel"] == .bool(false) && joined.json?["serviceId"]?.string == salon.serviceID)
            let entry = try #require(joined.json?["id"]?.string)
            await Self.scan(server)
            #expect(try await salon.call("GET", "/waitlist/\(entry)").json?["status"]?.string == "waiting")
            _ = try await salon.call("POST", "/bookings/\(taken)/cancel", "{}")
            await Self.scan(server)
            let offered = try await salon.call("GET", "/waitlist/\(entry)")
            let items = try #require(offered.json?["offer"]?["items"]?.array)
            #expect(items.count == 2 && items[1]["serviceId"]?.string == art)
            #expect(items[1]["startsAt"]?.string == "2026-12-01T12:00:00+08:00")
            let booked = try await salon.call("POST", "/waitlist/\(entry)/accept")
            #expect(booked.status == 201 && booked.json?["items"]?.array?.count == 2)
            #expect(booked.json?["endsAt"]?.string == "2026-12-01T12:30:00+08:00")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("decline passes the slot to the next in line; accept books; bad requests get problems")
    func declineAcceptAndValidation() async throws {
        let server = try await TestServer.start()
        do {
            let salon = try await APISalon.make(server)
            let first = try await Self.customer(salon, line: "Ufirst0001")
            let second = try await Self.customer(salon, line: "Usecond001")
            let taken = try #require(
                try await salon.call("POST", "/bookings", salon.bookingBody("11:00")).json?["id"]?.string)
            func join(_ customer: String, _ extra: String = "") async throws -> TestServer.Answer {
                try await salon.call(
                    "POST", "/waitlist",
                    #"{"customerId":"\#(customer)","serviceId":"\#(salon.serviceID)",\#(Self.window)\#(extra)}"#)
            }
            let one = try #require(try await join(first).json?["id"]?.string)
            let two = try #require(try await join(second).json?["id"]?.string)
            #expect(try await join(second).json?["code"]?.string == "duplicate")
            // Nothing is offered yet: declining or accepting is refused.
            #expect(try await salon.call("POST", "/waitlist/\(one)/decline").status == 409)
            #expect(try await salon.call("POST", "/waitlist/\(one)/accept").status == 409)
            _ = try await salon.call("POST", "/bookings/\(taken)/cancel", "{}")
            await Self.scan(server)
            #expect(try await salon.call("GET", "/waitlist/\(one)").json?["status"]?.string == "offered")
            #expect(try await salon.call("GET", "/waitlist/\(two)").json?["status"]?.string == "waiting")
            let declined = try await salon.call("POST", "/waitlist/\(one)/decline")
            #expect(declined.status == 200 && declined.json?["status"]?.string == "declined")
            #expect(declined.json?["offer"]?["startsAt"] == .null)
            await Self.scan(server)
            #expect(try await salon.call("GET", "/waitlist/\(two)").json?["status"]?.string == "offered")
            let accepted = try await salon.call("POST", "/waitlist/\(two)/accept")
            #expect(accepted.status == 201 && accepted.json?["customerId"]?.string == second)
            let again = try await salon.call("POST", "/waitlist/\(two)/accept")
            #expect(again.status == 200 && again.json?["id"] == accepted.json?["id"])
            let listed = try await salon.call("GET", "/waitlist")
            #expect(listed.json?["entries"]?.array?.count == 2)
            #expect(try await salon.call("GET", "/waitlist?status=open").json?["entries"]?.array?.count == 0)
            #expect(
                try await salon.call("GET", "/waitlist?customerId=\(second)").json?["entries"]?[0]?["bookingId"]
                    == accepted.json?["id"])
            // A waiting entry leaves with DELETE.
            let three = try #require(
                try await join(first, #","staffId":"\#(salon.staffID)""#).json?["id"]?.string)
            let left = try await salon.call("DELETE", "/waitlist/\(three)")
            #expect(left.status == 200 && left.json?["status"]?.string == "left")
            #expect(try await salon.call("DELETE", "/waitlist/\(three)").status == 409)
            // Bad requests.
            let bad: [(String, Int, String)] = [
                (#"{"customerId":"\#(first)",\#(Self.window)}"#, 400, "validation_failed"),
                (
                    #"{"customerId":"\#(first)","items":[{"serviceId":"\#(salon.serviceID)"},{"serviceId":"\#(salon.serviceID)"}],\#(Self.window)}"#,
                    400, "validation_failed"
                ),
                (
                    #"{"customerId":"cus_0000000000zzz","serviceId":"\#(salon.serviceID)",\#(Self.window)}"#, 404,
                    "not_found"
                ),
                (
                    #"{"customerId":"\#(first)","serviceId":"\#(salon.serviceID)","from":"2026-12-01T12:00:00+08:00","to":"2026-12-01T11:00:00+08:00"}"#,
                    400, "validation_failed"
                ),
                (
                    #"{"customerId":"\#(first)","serviceId":"\#(salon.serviceID)","from":"x","to":"y"}"#, 400,
                    "validation_failed"
                ),
            ]
            for (body, status, code) in bad {
                let answer = try await salon.call("POST", "/waitlist", body)
                #expect(answer.status == status && answer.json?["code"]?.string == code, "\(body)")
            }
            #expect(try await salon.call("GET", "/waitlist?status=maybe").status == 400)
            #expect(try await salon.call("GET", "/waitlist/wle_0000000000zzz").status == 404)
            // One item in `items` is the same as serviceId.
            let item = try await salon.call(
                "POST", "/waitlist",
                #"{"customerId":"\#(second)","items":[{"serviceId":"\#(salon.serviceID)","staffId":"\#(salon.staffID)"}],"from":"2026-12-02T10:00:00+08:00","to":"2026-12-02T20:00:00+08:00"}"#
            )
            #expect(item.status == 201 && item.json?["staffId"]?.string == salon.staffID)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
