import Foundation
import Testing

@testable import Server

/// The salon's address and currency over the API, and on the booking page.
@Suite("Salon address and currency")
struct SalonProfileTests {
    @Test("currency defaults to the time zone's only when a merchant is created without one")
    func currencyDefaults() async throws {
        try await TestServer.with { server in
            let tokyo = try await server.admin("POST", "/v1/merchants", #"{"name":"Aiko","timeZone":"Asia/Tokyo"}"#)
            #expect(tokyo.status == 201)
            #expect(tokyo.json?["currency"]?.string == "JPY" && tokyo.json?["address"]?.string == "")
            let given = try await server.admin(
                "POST", "/v1/merchants",
                #"{"name":"Ploy","timeZone":"Asia/Tokyo","currency":"THB","address":"Sukhumvit Soi 11, Bangkok"}"#)
            #expect(given.status == 201)
            #expect(given.json?["currency"]?.string == "THB")
            #expect(given.json?["address"]?.string == "Sukhumvit Soi 11, Bangkok")
            let id = try #require(tokyo.json?["id"]?.string)
            // Moving the salon to another zone keeps its currency; the currency changes only when set.
            let moved = try await server.admin("PATCH", "/v1/merchants/\(id)", #"{"timeZone":"Asia/Bangkok"}"#)
            #expect(moved.status == 200 && moved.json?["currency"]?.string == "JPY")
            let patched = try await server.admin(
                "PATCH", "/v1/merchants/\(id)", #"{"currency":"TWD","address":"台北市中山區南京東路二段 1 號"}"#)
            #expect(patched.json?["currency"]?.string == "TWD")
            #expect(patched.json?["address"]?.string == "台北市中山區南京東路二段 1 號")
            let read = try await server.admin("GET", "/v1/merchants/\(id)")
            #expect(read.body == patched.body)
            let kept = try await server.admin("PATCH", "/v1/merchants/\(id)", #"{"name":"Aiko 2"}"#)
            #expect(kept.json?["address"]?.string == "台北市中山區南京東路二段 1 號")
            #expect(kept.json?["currency"]?.string == "TWD")
        }
    }

    @Test(
        "a bad address or currency is a validation problem naming the field",
        arguments: [
            (#"{"name":"A","currency":"USD"}"#, "currency"),
            (#"{"name":"A","currency":"twd"}"#, "currency"),
            (#"{"name":"A","address":"line one\nline two"}"#, "address"),
            (#"{"name":"A","address":"bell \u0007"}"#, "address"),
            (#"{"name":"A","address":"\#(String(repeating: "號", count: 201))"}"#, "address"),
        ])
    func badFields(body: String, field: String) async throws {
        try await TestServer.with { server in
            let answer = try await server.admin("POST", "/v1/merchants", body)
            #expect(answer.status == 400, "\(body)")
            #expect(answer.json?["code"]?.string == "validation_failed")
            #expect(answer.json?["field"]?.string == field)
            let fine = try await server.admin(
                "POST", "/v1/merchants", #"{"name":"A","address":"\#(String(repeating: "號", count: 200))"}"#)
            #expect(fine.status == 201)
        }
    }

    @Test("the menu page shows the salon's address and prices in its stored currency")
    func menuPage() async throws {
        let settings = #""timeZone":"Asia/Taipei","currency":"JPY","address":"台北市大安區忠孝東路四段 181 號""#
        try await BookingPageWorld.with(salonSettings: settings) { world in
            let client = try await world.demoCustomer()
            let menu = try await client.get(world.bookPath)
            #expect(menu.status == 200)
            #expect(menu.html.contains(#"id="salon-address">台北市大安區忠孝東路四段 181 號<"#))
            #expect(menu.html.contains("¥1,200") && !menu.html.contains("NT$"))
            try await client.shutdown()
        }
        try await BookingPageWorld.with { world in
            let client = try await world.demoCustomer()
            let menu = try await client.get(world.bookPath)
            #expect(menu.html.contains("NT$1,200") && !menu.html.contains("salon-address"))
            try await client.shutdown()
        }
    }

    @Test("the demo salon is in Taipei, with an address and prices in TWD")
    func demoSalon() async throws {
        try await TestServer.with { server in
            let merchant = try await DemoSalon.load(into: server.node.engine, now: server.clock.now)
            #expect(merchant.address.hasPrefix("台北市") && merchant.currency == .twd)
        }
    }
}
