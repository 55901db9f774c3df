import Foundation
import ProcessTestSupport
import Testing

/// Waitlist offers are log records: a `nailbook serve` child killed with SIGKILL between an offer and its answer
/// comes back with the same offer holding the same slot, and the queue carries on from there.
@Suite("Waitlist crash safety", .serialized)
struct WaitlistCrashTests {
    static let environment = ["NAILBOOK_WAITLIST_SCAN_SECONDS": "0.2", "NAILBOOK_WAITLIST_OFFER_MINUTES": "30"]

    @Test func aKilledServerKeepsItsOffersAndTheirAnswers() async throws {
        let directory = NodeProcess.temporaryDirectory()
        var node = try await NodeProcess.start(directory: directory, environment: Self.environment)
        defer { node.stop() }
        let salon = try await Self.salon(on: node)
        let base = "/v1/merchants/\(salon.merchant)"
        let (start, end) = try Self.window()
        let booked = try await node.call(
            "POST", base + "/bookings",
            body: #"{"serviceId":"\#(salon.service)","customerId":"\#(salon.customers[0])","startsAt":"\#(start)"}"#)
        try #require(booked.status == 201, "\(String(decoding: booked.body, as: UTF8.self))")
        var entries: [String] = []
        for customer in salon.customers.dropFirst() {
            let joined = try await node.call(
                "POST", base + "/waitlist",
                body:
                    #"{"customerId":"\#(customer)","serviceId":"\#(salon.service)","from":"\#(start)","to":"\#(end)"}"#)
            try #require(joined.status == 201, "\(String(decoding: joined.body, as: UTF8.self))")
            entries.append(try #require(joined.json?["id"] as? String))
        }
        let bookingID = try #require(booked.json?["id"] as? String)
        _ = try await node.call("POST", base + "/bookings/\(bookingID)/cancel", body: "{}")
        let first = try await Self.waitUntil(node, base, entries[0], is: "offered")
        let hold = try #require((first["offer"] as? [String: Any])?["holdId"] as? String)
        // Killed between the offer and its answer: the offer, its hold and the queue are all still there.
        node.stop(kill: true)
        node = try await NodeProcess.start(directory: directory, environment: Self.environment)
        let again = try await Self.entry(node, base, entries[0])
        #expect(again["status"] as? String == "offered")
        #expect((again["offer"] as? [String: Any])?["holdId"] as? String == hold)
        let retry = try await node.call(
            "POST", base + "/bookings",
            body: #"{"serviceId":"\#(salon.service)","customerId":"\#(salon.customers[0])","startsAt":"\#(start)"}"#)
        #expect(retry.status == 409, "the held slot was booked by someone else after the restart")
        try await Task.sleep(for: .milliseconds(600))  // a few scans
        #expect(try await Self.entry(node, base, entries[1])["status"] as? String == "waiting")
        // The first declines; the second is offered the slot; killed again; the second accepts after the restart.
        #expect(try await node.call("POST", base + "/waitlist/\(entries[0])/decline").status == 200)
        let second = try await Self.waitUntil(node, base, entries[1], is: "offered")
        let promised = try #require((second["offer"] as? [String: Any])?["bookingId"] as? String)
        node.stop(kill: true)
        node = try await NodeProcess.start(directory: directory, environment: Self.environment)
        #expect(try await Self.entry(node, base, entries[0])["status"] as? String == "declined")
        let accepted = try await node.call("POST", base + "/waitlist/\(entries[1])/accept")
        #expect(accepted.status == 201 && accepted.json?["id"] as? String == promised)
        // Killed right after the acknowledgement: the booking and the entry's outcome are durable.
        node.stop(kill: true)
        node = try await NodeProcess.start(directory: directory, environment: Self.environment)
        #expect(try await Self.entry(node, base, entries[1])["status"] as? String == "booked")
        let booking = try await node.call("GET", base + "/bookings/\(promised)")
        #expect(booking.status == 200 && booking.json?["startsAt"] as? String == start)
        #expect(try await Self.entry(node, base, entries[2])["status"] as? String == "waiting")
    }

    /// Day after tomorrow, 11:00–12:00 in Taipei (no DST).
    static func window() throws -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Asia/Taipei"))
        let day = calendar.startOfDay(for: Date().addingTimeInterval(2 * 86_400))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = calendar.timeZone
        return (
            formatter.string(from: day.addingTimeInterval(11 * 3_600)),
            formatter.string(from: day.addingTimeInterval(12 * 3_600))
        )
    }

    static func entry(_ node: NodeProcess, _ base: String, _ id: String) async throws -> [String: Any] {
        let answer = try await node.call("GET", base + "/waitlist/\(id)")
        return try #require(answer.json, "\(String(decoding: answer.body, as: UTF8.self))")
    }

    static func waitUntil(_ node: NodeProcess, _ base: String, _ id: String, is status: String) async throws
        -> [String: Any]
    {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let entry = try await entry(node, base, id)
            if entry["status"] as? String == status { return entry }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("entry \(id) never became \(status)")
    }

    /// A salon with one technician working 10:00–20:00 daily, a 60-minute service and four customers.
    static func salon(on node: NodeProcess) async throws -> (merchant: String, service: String, customers: [String]) {
        let merchant = try await node.call("POST", "/v1/merchants", body: #"{"name":"Wait Nails","maxDaysAhead":60}"#)
        let id = try #require(merchant.json?["id"] as? String)
        let hours = (1...7).map { #"{"weekday":\#($0),"start":"10:00","end":"20:00"}"# }.joined(separator: ",")
        _ = try await node.call(
            "POST", "/v1/merchants/\(id)/staff", body: #"{"name":"Amy","workingHours":[\#(hours)]}"#)
        let service = try await node.call(
            "POST", "/v1/merchants/\(id)/services", body: #"{"name":"Gel","durationMinutes":60}"#)
        var customers: [String] = []
        for index in 0..<4 {
            let customer = try await node.call(
                "POST", "/v1/merchants/\(id)/customers", body: #"{"displayName":"Customer \#(index)"}"#)
            customers.append(try #require(customer.json?["id"] as? String))
        }
        return (id, try #require(service.json?["id"] as? String), customers)
    }
}
