import Core
import Foundation
import Testing

@testable import Server

@Suite("Suspended salons and blocked customers")
struct SuspensionTests {
    @Test(
        "the console suspends a salon: its page says so, bookings and holds answer merchant_suspended; resuming undoes it"
    )
    func suspendAndResume() async throws {
        var web = WebConfiguration()
        web.demoSignIn = true
        let server = try await TestServer.start(web: web)
        let salon = try await APISalon.make(server)
        let world = OfficeWorld(server: server, salon: salon, web: web)
        let admin = world.client()
        _ = try await admin.post("/admin/signin", ["token": server.adminToken])
        let console = try await admin.get("/admin")
        let csrf = try #require(console.csrf)
        #expect(try await admin.post("/admin/salons/\(salon.merchantID)/suspend", ["_csrf": csrf]).status == 303)
        #expect(server.node.engine.merchant(world.merchantID)?.suspended == true)
        #expect(try await admin.get("/admin").html.contains("/admin/salons/\(salon.merchantID)/resume"))
        let customer = world.client()
        let page = try await customer.get("/book/\(salon.merchantID)")
        #expect(page.status == 503 && page.html.contains("role=\"status\""))
        let booking = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))
        #expect(booking.status == 409 && booking.json?["code"]?.string == "merchant_suspended")
        let hold = try await salon.call(
            "POST", "/holds",
            #"{"serviceId":"\#(salon.serviceID)","staffId":"\#(salon.staffID)","startsAt":"2026-12-01T11:00:00+08:00"}"#
        )
        #expect(hold.status == 409 && hold.json?["code"]?.string == "merchant_suspended")
        #expect(try await admin.post("/admin/salons/\(salon.merchantID)/resume", ["_csrf": csrf]).status == 303)
        #expect(try await customer.get("/book/\(salon.merchantID)").status == 200)
        #expect(try await salon.call("POST", "/bookings", salon.bookingBody("10:00")).status == 201)
        await world.clients.shutdown()
        await server.stop()
    }

    @Test("a blocked customer is asked to contact the salon; the salon still books them")
    func blockedCustomer() async throws {
        var web = WebConfiguration()
        web.demoSignIn = true
        let server = try await TestServer.start(web: web)
        let salon = try await APISalon.make(server)
        let world = OfficeWorld(server: server, salon: salon, web: web)
        let customer = world.client()
        #expect(try await customer.post("/book/\(salon.merchantID)/demo-session", [:]).status == 303)
        let engine = server.node.engine
        let demo = try #require(engine.customers(of: world.merchantID).last)
        _ = try await engine.updateCustomerRecord(
            demo.id, merchantID: world.merchantID, note: "只收現金", blockedFromOnlineBooking: true,
            CommandContext(now: server.clock.now, origin: .system)
        ).get()
        let page = try await customer.get("/book/\(salon.merchantID)")
        #expect(page.status == 403)
        let asCustomer = CommandContext(
            now: server.clock.now, origin: Origin(author: .customer(demo.id), channel: .liff))
        let start = ZoneRules(identifier: "Asia/Taipei")!.instant(on: LocalDate("2026-12-01")!, at: 12 * 60)
        let request = NewBooking(
            merchantID: world.merchantID, serviceID: ServiceID(salon.serviceID)!, customerID: demo.id, startsAt: start)
        #expect(try await engine.createBooking(request, asCustomer).failureCode == .customerBlocked)
        let asSalon = CommandContext(now: server.clock.now, origin: Origin(author: .admin, channel: .backOffice))
        #expect(try await engine.createBooking(request, asSalon).failureCode == nil)
        await world.clients.shutdown()
        await server.stop()
    }
}

extension Result where Failure == Rejection {
    /// The rejection's code, nil on success.
    var failureCode: Rejection.Code? {
        if case .failure(let rejection) = self { return rejection.code }
        return nil
    }
}
