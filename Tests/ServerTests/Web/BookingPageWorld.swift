import Core
import Foundation
import Testing

@testable import Server

/// A server with the demo sign-in on, a salon made over the API, and browser-like clients.
struct BookingPageWorld: Sendable {
    let server: TestServer
    let salon: APISalon

    var bookPath: String { "/book/\(salon.merchantID)" }

    static func with(
        configure: (inout WebConfiguration) -> Void = { _ in },
        salonSettings: String = "",
        _ body: (BookingPageWorld) async throws -> Void
    ) async throws {
        var web = WebConfiguration()
        web.demoSignIn = true
        configure(&web)
        let server = try await TestServer.start(web: web)
        do {
            let salon = try await APISalon.make(server, settings: salonSettings)
            try await body(BookingPageWorld(server: server, salon: salon))
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// A new client signed in as a new demo customer.
    func demoCustomer() async throws -> WebClient {
        let client = WebClient(port: server.port)
        let answer = try await client.post(bookPath + "/demo-session", [:])
        try #require(answer.status == 303, "demo sign-in: \(answer.status)")
        return client
    }

    /// The time-slot page for the salon's service with anyone, on `date` (default: first free day).
    func times(_ client: WebClient, date: String? = nil) async throws -> WebClient.Page {
        let page = try await client.get(
            bookPath + "/times?service=\(salon.serviceID)&staff=any" + (date.map { "&date=" + $0 } ?? ""))
        try #require(page.status == 200, "times: \(page.status)")
        return page
    }

    /// Holds `slot` (from a times page); returns the answer (303 to the hold page, or back to the slots).
    func hold(_ client: WebClient, slot: String, csrf: String, date: String = "") async throws -> WebClient.Page {
        try await client.post(
            bookPath + "/holds",
            ["service": salon.serviceID, "staff": "any", "date": date, "slot": slot, "_csrf": csrf])
    }

    /// Books the first free slot (or the one at `index`) end to end; returns the booking page path.
    func bookFirstSlot(_ client: WebClient, index: Int = 0, note: String = "") async throws -> String {
        let times = try await times(client)
        let slots = WebClient.slots(in: times.html)
        try #require(slots.count > index)
        let slot = slots[index]
        let held = try await hold(client, slot: slot, csrf: try #require(times.csrf))
        let holdPath = try #require(held.location, "hold: \(held.status)")
        let holdPage = try await client.get(holdPath)
        let confirmed = try await client.post(
            holdPath + "/confirm", ["note": note, "_csrf": try #require(holdPage.csrf)])
        let location = try #require(confirmed.location)
        #expect(location.contains("/bookings/bkg_"))
        return String(location.split(separator: "?")[0])
    }
}
