import Foundation
import Node
import Testing
import WAL
import WALTesting

@Suite("Auth, tenancy and errors over real HTTP", .serialized)
struct AccessAndErrorTests {
    @Test("tokens: missing or wrong → 401; a merchant key sees only its merchant (404); admin-only routes → 403")
    func tenancy() async throws {
        try await TestServer.with { server in
            let shopA = try await APISalon.make(server)
            let shopB = try await APISalon.make(server)
            let booking = try await shopB.call("POST", "/bookings", shopB.bookingBody("10:00"))
            let bookingID = try #require(booking.json?["id"]?.string)
            #expect((try await server.call("GET", "/v1/merchants")).status == 401)
            #expect((try await server.call("GET", "/v1/merchants", token: "nope")).status == 401)
            #expect((try await server.call("GET", "/v1/merchants", token: shopA.apiKey)).status == 403)
            let foreign = try await server.call("GET", shopB.base + "/bookings/\(bookingID)", token: shopA.apiKey)
            #expect(foreign.status == 404 && foreign.json?["code"]?.string == "not_found")
            let crossed = try await server.call("GET", shopA.base + "/bookings/\(bookingID)", token: shopA.apiKey)
            #expect(crossed.status == 404)
            #expect((try await server.admin("GET", shopB.base + "/bookings/\(bookingID)")).status == 200)
            #expect((try await server.admin("GET", "/v1/merchants")).json?["merchants"]?.array?.count == 2)
        }
    }

    @Test("API keys can be issued and revoked; a revoked key is refused")
    func apiKeys() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let issued = try await salon.call("POST", "/api-keys")
            #expect(issued.status == 201)
            let (keyID, secret) = (
                try #require(issued.json?["id"]?.string), try #require(issued.json?["apiKey"]?.string)
            )
            #expect((try await server.call("GET", salon.base, token: secret)).status == 200)
            #expect((try await salon.call("DELETE", "/api-keys/\(keyID)")).status == 204)
            #expect((try await server.call("GET", salon.base, token: secret)).status == 401)
            #expect((try await salon.call("GET", "")).status == 200)
        }
    }

    @Test(
        "bad input is a 400 problem naming the field, never a 500",
        arguments: [
            (#"{"serviceId":"#, "body"),
            (#"["not an object"]"#, "body"),
            (#"{"customerId":"cus_0000000000001","startsAt":"2026-12-01T10:00:00+08:00"}"#, "serviceId"),
            (#"{"serviceId":5,"customerId":"x","startsAt":"y"}"#, "serviceId"),
            (#"{"serviceId":"svc_0000000000001","customerId":"cus_0000000000001","startsAt":"tomorrow"}"#, "startsAt"),
            (
                #"{"serviceId":"nope","customerId":"cus_0000000000001","startsAt":"2026-12-01T10:00:00+08:00"}"#,
                "serviceId"
            ),
        ])
    func badInput(body: String, field: String) async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let answer = try await salon.call("POST", "/bookings", body)
            #expect(answer.status == 400, "\(body)")
            #expect(answer.json?["code"]?.string == "validation_failed")
            #expect(answer.json?["field"]?.string == field, "\(body)")
        }
    }

    @Test("other error codes: unknown enum, outside hours, too large, unknown route, not found")
    func errorCodes() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            #expect((try await salon.call("GET", "/bookings?status=maybe")).json?["field"]?.string == "status")
            let night = try await salon.call("POST", "/bookings", salon.bookingBody("21:00"))
            #expect(night.status == 422 && night.json?["code"]?.string == "outside_working_hours")
            let note = String(repeating: "x", count: 70 * 1024)
            let huge = try await salon.call(
                "POST", "/bookings", salon.bookingBody("10:00", extra: #","note":"\#(note)""#))
            #expect(huge.status == 413 && huge.json?["code"]?.string == "payload_too_large")
            #expect((try await salon.call("GET", "/nothing-here")).status == 404)
            #expect((try await salon.call("GET", "/bookings/bkg_0000000000zzz")).status == 404)
            let staff = try await salon.call("POST", "/staff", #"{"name":"","workingHours":[]}"#)
            #expect(staff.status == 400 && staff.json?["field"]?.string == "name")
            let hours = try await salon.call(
                "POST", "/staff", #"{"name":"A","workingHours":[{"weekday":9,"start":"10:00","end":"11:00"}]}"#)
            #expect(hours.status == 400 && hours.json?["field"]?.string == "workingHours")
        }
    }

    @Test("catalog routes: staff, time off, services, customers")
    func catalog() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let patched = try await salon.call("PATCH", "/staff/\(salon.staffID)", #"{"name":"小美 Mei","active":true}"#)
            #expect(patched.json?["name"]?.string == "小美 Mei" && patched.json?["workingHours"]?.array?.count == 7)
            let off = try await salon.call(
                "POST",
                "/staff/\(salon.staffID)/time-off",
                #"{"startsAt":"2026-12-01T10:00:00+08:00","endsAt":"2026-12-01T12:00:00+08:00","reason":"dentist"}"#
            )
            #expect(off.status == 201)
            #expect((try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))).status == 422)
            let offID = try #require(off.json?["id"]?.string)
            #expect((try await salon.call("DELETE", "/staff/\(salon.staffID)/time-off/\(offID)")).status == 204)
            #expect((try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))).status == 201)
            let service = try await salon.call(
                "PATCH", "/services/\(salon.serviceID)", #"{"price":1500,"staffIds":null}"#)
            #expect(service.json?["price"]?.int == 1500 && service.json?["staffIds"]?.isNull == true)
            #expect((try await salon.call("GET", "/services")).json?["services"]?.array?.count == 1)
            let customer = try await salon.call("GET", "/customers/\(salon.customerID)")
            let line = try #require(customer.json?["lineUserId"]?.string)
            #expect(
                (try await salon.call("GET", "/customers?lineUserId=\(line)")).json?["customers"]?.array?.count == 1)
            let duplicate = try await salon.call(
                "POST", "/customers", #"{"displayName":"Copy","lineUserId":"\#(line)"}"#)
            #expect(duplicate.status == 409 && duplicate.json?["code"]?.string == "duplicate")
            #expect((try await salon.call("GET", "/staff/\(salon.staffID)")).json?["id"]?.string == salon.staffID)
            #expect((try await salon.call("GET", "/staff")).json?["staff"]?.array?.count == 1)
            #expect((try await salon.call("GET", "/services/\(salon.serviceID)")).json?["durationMinutes"]?.int == 60)
            #expect((try await salon.call("GET", "/customers")).json?["customers"]?.array?.count == 1)
            let notice = try await salon.call("PATCH", "", #"{"minNoticeMinutes":10080}"#)
            #expect(notice.json?["minNoticeMinutes"]?.int == 10080)
            let tooSoon = try await salon.call("POST", "/bookings", salon.bookingBody("16:00"))
            #expect(tooSoon.status == 422 && tooSoon.json?["code"]?.string == "outside_booking_window")
            let merchant = try await salon.call("PATCH", "", #"{"cancelDeadlineMinutes":120,"timeZone":"Asia/Tokyo"}"#)
            #expect(
                merchant.json?["cancelDeadlineMinutes"]?.int == 120
                    && merchant.json?["timeZone"]?.string == "Asia/Tokyo")
        }
    }

    @Test("a failed fsync answers 503 durability_unavailable, and /health says why")
    func durabilityLost() async throws {
        let storage = SimulatedStorage(seed: 7)
        var options = NodeOptions()
        options.storage = storage
        try await TestServer.with(options: options) { server in
            let salon = try await APISalon.make(server)
            storage.inject(.syncFails(atSync: 1))
            let refused = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))
            #expect(refused.status == 503 && refused.json?["code"]?.string == "durability_unavailable")
            let health = try await server.call("GET", "/health")
            #expect(health.status == 503 && health.json?["status"]?.string == "unavailable")
            #expect((try await salon.call("GET", "/bookings")).json?["bookings"]?.array?.isEmpty == true)
        }
    }
}
