import Foundation
import Node
import Testing
import WAL

/// The refusal is the log's, not only the routes': a node whose log was fenced while its role still says leader (the
/// moment between the fence and the role change) refuses every write route, and the ones that reach the log answer
/// `503 not_leader` naming the new leader.
@Suite("Fenced log")
struct FencedLogTests {
    static let fence = LogFence(epoch: 1, leaderURL: "http://new-leader.example:8080")

    @Test("every write route is refused once the log is fenced; writes that reach the log answer 503 not_leader")
    func everyRouteRefused() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let booked = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))
            let bookingID = try #require(booked.json?["id"]?.string)
            _ = try await server.node.fence(Self.fence)
            let lsn = server.node.log.wal.durableLSN
            let valid: [(String, String, String?)] = [
                ("POST", "/bookings", salon.bookingBody("12:00")),
                ("POST", "/holds", salon.bookingBody("14:00")),
                ("POST", "/bookings/\(bookingID)/cancel", "{}"),
                ("POST", "/bookings/\(bookingID)/reschedule", #"{"startsAt":"2026-12-01T16:00:00+08:00"}"#),
                ("POST", "/customers", #"{"displayName":"New"}"#),
                ("PATCH", "", #"{"name":"Renamed"}"#),
            ]
            for (method, path, body) in valid {
                let answer = try await salon.call(method, path, body)
                #expect(answer.status == 503 && answer.json?["code"]?.string == "not_leader", "\(method) \(path)")
                #expect(answer.header("X-Nailbook-Leader") == Self.fence.leaderURL, "\(method) \(path)")
            }
            let merchant = try await server.admin("POST", "/v1/merchants", #"{"name":"Fork"}"#)
            #expect(merchant.status == 503 && merchant.json?["code"]?.string == "not_leader")
            let ids = [
                "merchantId": salon.merchantID, "staffId": salon.staffID, "serviceId": salon.serviceID,
                "customerId": salon.customerID, "bookingId": bookingID,
            ]
            for (method, template) in try ReplicaPair.mutatingOperations() where !template.hasPrefix("/line/") {
                var path = template
                for (name, value) in ids { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
                let answer = try await server.admin(method, path, "{}")
                #expect(!(200..<300).contains(answer.status), "\(method) \(path) answered \(answer.status)")
            }
            #expect(server.node.log.wal.durableLSN == lsn, "a write reached the fenced log")
            let health = try await server.call("GET", "/health")
            #expect(health.status == 200, "reads and /health are served")
        }
    }
}
