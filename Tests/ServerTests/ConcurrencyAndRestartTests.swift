import Foundation
import Testing
import WAL

@Suite("Concurrency and restarts over real HTTP", .serialized)
struct ConcurrencyAndRestartTests {
    @Test("200 concurrent clients on 4 slots: one winner each, 409 overlap for the rest, counted in /metrics")
    func contendedSlots() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let slots = ["10:00", "11:00", "12:00", "13:00"]
            let statuses = try await Self.bookConcurrently(salon, slots: slots, clients: 200)
            for slot in slots {
                let forSlot = statuses.filter { $0.0 == slot }
                #expect(forSlot.filter { $0.1 == 201 }.count == 1, "slot \(slot)")
                #expect(forSlot.filter { $0.1 == 409 && $0.2 == "overlap" }.count == forSlot.count - 1, "slot \(slot)")
            }
            let listed = try await salon.call("GET", "/bookings")
            #expect(listed.json?["bookings"]?.array?.count == slots.count)
            let metrics = String(decoding: (try await server.call("GET", "/metrics")).body, as: UTF8.self)
            let overlapLine = metrics.split(separator: "\n").first {
                $0.hasPrefix("booking_created_total") && $0.contains("overlap_error") && $0.contains(salon.merchantID)
            }
            #expect(overlapLine?.split(separator: " ").last == "196")
            #expect(metrics.contains("booking_creation_duration_seconds_bucket"))
            #expect(metrics.contains(#"le="0.3""#))
            for name in ["wal_durable_lsn", "wal_records_written_total", "wal_fsyncs_total"] {
                #expect(metrics.contains(name), "\(name) missing from /metrics")
            }
        }
    }

    static func bookConcurrently(_ salon: APISalon, slots: [String], clients: Int) async throws
        -> [(String, Int, String?)]
    {
        try await withThrowingTaskGroup(of: (String, Int, String?).self) { group in
            for client in 0..<clients {
                group.addTask {
                    let slot = slots[client % slots.count]
                    let answer = try await salon.call("POST", "/bookings", salon.bookingBody(slot))
                    return (slot, answer.status, answer.json?["code"]?.string)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("everything acknowledged survives a restart on the same data folder")
    func restart() async throws {
        let directory = TestServer.temporaryDirectory()
        var acknowledged: [String] = []
        let first = try await TestServer.start(directory: directory)
        let salon = try await APISalon.make(first)
        for hour in 10..<18 {
            let answer = try await salon.call("POST", "/bookings", salon.bookingBody(String(format: "%02d:00", hour)))
            if answer.status == 201, let id = answer.json?["id"]?.string { acknowledged.append(id) }
        }
        _ = try await salon.call("POST", "/bookings/\(acknowledged[0])/cancel", #"{"reason":"r"}"#)
        await first.stop()

        let second = try await TestServer.start(directory: directory)
        let reopened = APISalon(
            server: second,
            merchantID: salon.merchantID,
            apiKey: salon.apiKey,
            staffID: salon.staffID,
            serviceID: salon.serviceID,
            customerID: salon.customerID
        )
        let listed = try await reopened.call("GET", "/bookings")
        #expect(Set(listed.json?["bookings"]?.array?.compactMap { $0["id"]?.string } ?? []) == Set(acknowledged))
        #expect((try await reopened.call("GET", "/bookings/\(acknowledged[0])")).json?["status"]?.string == "cancelled")
        let taken = try await reopened.call("POST", "/bookings", reopened.bookingBody("12:00"))
        #expect(taken.status == 409)
        let newer = try await reopened.call("POST", "/bookings", reopened.bookingBody("19:00"))
        #expect(newer.status == 201 && !acknowledged.contains(newer.json?["id"]?.string ?? ""))
        await second.stop()
    }
}
