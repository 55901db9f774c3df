import Core
import Foundation
import Testing

@testable import Server

@Suite("No-show policy through the API and the back-office")
struct NoShowPolicyWebTests {
    @Test("the salon sets a policy, a no-show stops the customer's online bookings, the owner clears the record")
    func policyEndToEnd() async throws {
        try await OfficeWorld.with { world in
            let salon = world.salon
            let bad = try await salon.call("PATCH", "", #"{"noShowPolicy":{"strikes":0,"windowDays":30}}"#)
            #expect(bad.status == 400 || bad.status == 422, "\(bad.status)")
            let unknown = try await salon.call(
                "PATCH", "", #"{"noShowPolicy":{"strikes":1,"windowDays":30,"action":"fine"}}"#)
            #expect(unknown.status == 400 || unknown.status == 422, "\(unknown.status)")
            let set = try await salon.call("PATCH", "", #"{"noShowPolicy":{"strikes":1,"windowDays":30}}"#)
            #expect(set.status == 200 && set.json?["noShowPolicy"]?["strikes"]?.int == 1)
            #expect(set.json?["noShowPolicy"]?["action"]?.string == "block_online_booking")
            let booking = try await OfficeCalendarTests.book(world, "11:00", date: "2026-11-27")
            #expect(try await salon.call("POST", "/bookings/\(booking)/no-show").status == 200)
            let engine = world.server.node.engine
            let customerID = try #require(CustomerID(salon.customerID))
            let later = world.server.clock.now + 2 * 86_400
            #expect(engine.policyStopsOnlineBooking(of: customerID, merchantID: world.merchantID, now: later))
            let asCustomer = CommandContext(now: later, origin: Origin(author: .customer(customerID), channel: .liff))
            let online = try await engine.createBooking(
                NewBooking(
                    merchantID: world.merchantID, serviceID: ServiceID(salon.serviceID)!,
                    staffID: StaffID(salon.staffID)!, customerID: customerID, startsAt: later + 86_400),
                asCustomer)
            guard case .failure(let rejection) = online else {
                Issue.record("a customer past the policy booked online")
                return
            }
            #expect(rejection.code == .customerBlocked)
            // The back-office shows the count and clears it.
            world.server.clock.advance(seconds: 2 * 86_400)
            let owner = try await world.account(.owner, login: "owner")
            let page = try await owner.get("/office/customers/\(salon.customerID)")
            #expect(
                page.html.contains(#"<dd id="customer-strikes">1 / 1</dd>"#) && page.html.contains("customer-stopped"))
            let cleared = try await owner.post(
                "/office/customers/\(salon.customerID)/clear-record", ["_csrf": try #require(page.csrf)])
            #expect(cleared.status == 303)
            #expect(!engine.policyStopsOnlineBooking(of: customerID, merchantID: world.merchantID, now: later))
            // The API does the same, and shows when.
            let api = try await salon.call("POST", "/customers/\(salon.customerID)/clear-record")
            #expect(api.status == 200 && api.json?["strikesClearedAt"]?.string != nil)
            let removed = try await salon.call("PATCH", "", #"{"noShowPolicy":null}"#)
            #expect(removed.status == 200 && removed.json?["noShowPolicy"] == .null)
        }
    }

    @Test("with require_approval, the customer's online booking is pending until the owner approves or declines it")
    func approval() async throws {
        try await OfficeWorld.with { world in
            let salon = world.salon
            let set = try await salon.call(
                "PATCH", "", #"{"noShowPolicy":{"strikes":1,"windowDays":30,"action":"require_approval"}}"#)
            #expect(set.status == 200 && set.json?["noShowPolicy"]?["action"]?.string == "require_approval")
            let missed = try await OfficeCalendarTests.book(world, "11:00", date: "2026-11-27")
            #expect(try await salon.call("POST", "/bookings/\(missed)/no-show").status == 200)
            let engine = world.server.node.engine
            let customerID = try #require(CustomerID(salon.customerID))
            let now = world.server.clock.now + 86_400
            let asCustomer = CommandContext(now: now, origin: Origin(author: .customer(customerID), channel: .liff))
            func bookOnline(_ start: String) async throws -> String {
                let made = try await engine.createBooking(
                    NewBooking(
                        merchantID: world.merchantID, serviceID: ServiceID(salon.serviceID)!,
                        staffID: StaffID(salon.staffID)!, customerID: customerID, startsAt: RFC3339.parse(start)!),
                    asCustomer
                ).get()
                return made.id.description
            }
            let first = try await bookOnline("2026-11-30T11:00:00+08:00")
            #expect(try await salon.call("GET", "/bookings/\(first)").json?["status"]?.string == "pending")
            world.server.clock.advance(seconds: 86_400)
            let owner = try await world.account(.owner, login: "owner")
            let page = try await owner.get("/office/bookings/\(first)")
            #expect(page.html.contains(#"id="approval""#))
            let approved = try await owner.post("/office/bookings/\(first)/approve", ["_csrf": try #require(page.csrf)])
            #expect(approved.status == 303)
            let after = try await salon.call("GET", "/bookings/\(first)")
            #expect(after.json?["status"]?.string == "confirmed")
            let history = try await salon.call("GET", "/bookings/\(first)/history")
            #expect(history.json?["events"]?.array?.last?["action"]?.string == "approved")
            #expect(try await salon.call("POST", "/bookings/\(first)/approve").status == 409)
            #expect(try await salon.call("POST", "/bookings/\(first)/decline").status == 409)
            let second = try await bookOnline("2026-12-01T15:00:00+08:00")
            let declined = try await salon.call("POST", "/bookings/\(second)/decline", #"{"reason":"fully booked"}"#)
            #expect(declined.status == 200 && declined.json?["status"]?.string == "cancelled")
            #expect(declined.json?["cancelReason"]?.string == "fully booked")
        }
    }
}
