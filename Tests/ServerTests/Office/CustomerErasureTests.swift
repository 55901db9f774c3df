import Core
import Foundation
import Testing

@testable import Server

/// Erasure of one customer on request, through the API and the back office, over real HTTP.
@Suite("Customer erasure")
struct CustomerErasureTests {
    @Test("the API erases a customer's personal data, keeps their bookings, answers the same twice, 404 when unknown")
    func api() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let kept = try await salon.call("POST", "/bookings", salon.bookingBody("11:00", extra: #","note":"靠窗""#))
            let booking = try #require(kept.json?["id"]?.string)
            let cancelled = try await salon.call("POST", "/bookings", salon.bookingBody("14:00"))
            let other = try #require(cancelled.json?["id"]?.string)
            let reason = try await salon.call("POST", "/bookings/\(other)/cancel", #"{"reason":"her knee surgery"}"#)
            #expect(reason.json?["cancelReason"]?.string == "her knee surgery")

            let erased = try await salon.call("POST", "/customers/\(salon.customerID)/erase")
            #expect(erased.status == 200, "\(erased.status)")
            #expect(erased.json?["displayName"]?.string == "(erased)")
            #expect(erased.json?["lineUserId"]?.isNull == true && erased.json?["phone"]?.isNull == true)
            let erasedAt = try #require(erased.json?["erasedAt"]?.string)
            let again = try await salon.call("POST", "/customers/\(salon.customerID)/erase")
            #expect(again.status == 200 && again.json?["erasedAt"]?.string == erasedAt)

            let read = try await salon.call("GET", "/customers/\(salon.customerID)")
            #expect(read.json?["displayName"]?.string == "(erased)" && read.json?["erasedAt"]?.string == erasedAt)
            #expect(!Self.text(read).contains("王小姐"))
            let first = try await salon.call("GET", "/bookings/\(booking)")
            #expect(first.status == 200 && first.json?["status"]?.string == "confirmed")
            #expect(first.json?["note"]?.string == "" && !Self.text(first).contains("靠窗"))
            let second = try await salon.call("GET", "/bookings/\(other)")
            #expect(second.json?["status"]?.string == "cancelled" && second.json?["cancelReason"]?.string == "")
            let history = try await salon.call("GET", "/bookings/\(other)/history")
            #expect(history.status == 200 && !Self.text(history).contains("knee"))

            let unknown = try await salon.call("POST", "/customers/\(CustomerID(987_654_321))/erase")
            #expect(unknown.status == 404 && unknown.json?["code"]?.string == "not_found")
        }
    }

    static func text(_ answer: TestServer.Answer) -> String { String(decoding: answer.body, as: UTF8.self) }

    @Test("the back office: staff may not erase, the box must be ticked, then the page says when it was erased")
    func office() async throws {
        try await OfficeWorld.with { world in
            let path = "/office/customers/\(world.salon.customerID)"
            let staff = try await world.account(.staff, login: "staff", staffID: world.salon.staffID)
            let home = try await staff.get("/office")
            let refused = try await staff.post(path + "/erase", ["_csrf": try #require(home.csrf), "confirm": "on"])
            #expect(refused.status == 403)
            let owner = try await world.account(.owner, login: "owner")
            let page = try await owner.get(path)
            #expect(page.status == 200 && page.html.contains(#"id="erase-customer-form""#))
            let csrf = try #require(page.csrf)
            let unconfirmed = try await owner.post(path + "/erase", ["_csrf": csrf])
            #expect(unconfirmed.status == 422)
            let customerID = try #require(CustomerID(world.salon.customerID))
            let engine = world.server.node.engine
            #expect(engine.customer(customerID, merchantID: world.merchantID)?.erasedAt == nil)
            let erased = try await owner.post(path + "/erase", ["_csrf": csrf, "confirm": "on"])
            #expect(erased.status == 303 && erased.location == path)
            let customer = try #require(engine.customer(customerID, merchantID: world.merchantID))
            #expect(customer.erasedAt != nil && customer.displayName == "(erased)" && customer.lineUserID == nil)
            let after = try await owner.get(path)
            #expect(after.status == 200 && after.html.contains(#"id="customer-erased""#))
            #expect(!after.html.contains(#"id="erase-customer-form""#) && !after.html.contains("王小姐"))
        }
    }
}
