import Core
import Foundation
import HTTPTypes
import Node
import Server
import Testing
import WAL
import WALTesting

/// How the server answers a write the log did not acknowledge: `durability_unavailable` when the outcome is
/// unknown (retry with the same key), `overloaded` / `shutting_down` with `Retry-After` when nothing was written;
/// and how a log that stopped answers afterwards: writes 503, `/health` 503 with a reason, reads served.
@Suite("Durability answers")
struct DurabilityAnswerTests {
    @Test("a failed fsync: 503 durability_unavailable saying the outcome is unknown, with no file path")
    func outcomeUnknown() async throws {
        let storage = SimulatedStorage(seed: 71)
        var options = NodeOptions()
        options.storage = storage
        try await TestServer.with(options: options) { server in
            let salon = try await APISalon.make(server)
            storage.inject(.syncFails(atSync: 1))
            let refused = try await salon.call(
                "POST", "/bookings", salon.bookingBody("10:00"), headers: ["Idempotency-Key": "k-1"])
            #expect(refused.status == 503 && refused.json?["code"]?.string == "durability_unavailable")
            let detail = refused.json?["detail"]?.string ?? ""
            #expect(detail.contains("may or may not") && detail.contains("Idempotency-Key"), "\(detail)")
            #expect(!detail.contains("rolled back") && !detail.contains(server.directory), "\(detail)")
            #expect(!detail.contains(".seg") && !detail.contains("fdatasync"), "\(detail)")
            #expect(refused.header("Retry-After") == nil)
            let health = try await server.call("GET", "/health")
            let reason = health.json?["reason"]?.string ?? ""
            // A fixed reason: the operation, the error and the file are in the server's log only.
            #expect(health.status == 503 && reason.contains("the log stopped"), "\(reason)")
            #expect(!reason.contains(server.directory) && !reason.contains("fdatasync"), "\(reason)")
        }
    }

    @Test("a failed epoch raise (promotion) stops the log: writes 503, /health 503 with a reason, reads served")
    func raiseFailureStopsWrites() async throws {
        let storage = SimulatedStorage(seed: 72)
        var options = NodeOptions()
        options.storage = storage
        try await TestServer.with(options: options) { server in
            let salon = try await APISalon.make(server)
            let booked = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))
            let bookingID = try #require(booked.json?["id"]?.string)
            // The raise rolls to a new segment: its header sync fails.
            storage.inject(.syncFails(atSync: 1))
            await #expect(throws: WALError.self) { _ = try await server.node.promote() }
            let refused = try await salon.call("POST", "/bookings", salon.bookingBody("12:00"))
            #expect(refused.status == 503 && refused.json?["code"]?.string == "durability_unavailable")
            let health = try await server.call("GET", "/health")
            #expect(health.status == 503 && health.json?["status"]?.string == "unavailable")
            #expect(health.json?["reason"]?.string?.contains("the log stopped") == true)
            let read = try await salon.call("GET", "/bookings/\(bookingID)")
            #expect(read.status == 200 && read.json?["id"]?.string == bookingID)
        }
    }

    @Test("a closed log: 503 shutting_down with Retry-After; nothing was written")
    func closedLog() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let lsn = server.node.log.wal.durableLSN
            await server.node.close()
            let refused = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))
            #expect(refused.status == 503 && refused.json?["code"]?.string == "shutting_down")
            #expect(refused.header("Retry-After") == "1")
            #expect(server.node.log.wal.durableLSN == lsn)
        }
    }

    @Test("a full queue is 503 overloaded with Retry-After; a failed log is durability_unavailable without one")
    func problemMapping() {
        let overloaded = Problem(DurabilityError(.overloaded, reason: "queue full at /data/wal"))
        #expect(overloaded.status == .serviceUnavailable && overloaded.code == "overloaded")
        #expect(overloaded.headers[.retryAfter] == "1")
        #expect(overloaded.detail.contains("nothing was written") && !overloaded.detail.contains("/data"))
        let unknown = Problem(DurabilityError(.outcomeUnknown, reason: "fdatasync /data/wal/x.seg: EIO"))
        #expect(unknown.status == .serviceUnavailable && unknown.code == "durability_unavailable")
        #expect(unknown.headers[.retryAfter] == nil && !unknown.detail.contains("/data"))
        let large = Problem(DurabilityError(.tooLarge, reason: "record too large"))
        #expect(large.status == .contentTooLarge && large.code == "payload_too_large")
    }
}
