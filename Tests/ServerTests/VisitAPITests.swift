import Core
import Foundation
import Testing

@testable import Server

@Suite("Multi-service visits through the API")
struct VisitAPITests {
    @Test("a removal + gel + art visit is one booking with its items; cancelling it frees every technician")
    func visitLifecycle() async throws {
        let server = try await TestServer.start()
        do {
            let salon = try await APISalon.make(server)
            let removal = try #require(
                try await salon.call("POST", "/services", #"{"name":"卸甲","durationMinutes":20,"bufferAfterMinutes":5}"#)
                    .json?["id"]?.string)
            let art = try #require(
                try await salon.call("POST", "/services", #"{"name":"彩繪","durationMinutes":30}"#).json?["id"]?.string)
            let second = try #require(
                try await salon.call("POST", "/staff", #"{"name":"Aiko","workingHours":[\#(APISalon.hours)]}"#)
                    .json?["id"]?.string)
            let body = """
                {"customerId":"\(salon.customerID)","startsAt":"2026-12-01T10:00:00+08:00","items":[\
                {"serviceId":"\(removal)"},{"serviceId":"\(salon.serviceID)"},{"serviceId":"\(art)","staffId":"\(second)"}]}
                """
            let ask = "/visit-availability?items=\(removal),\(salon.serviceID),\(art):\(second)&date=2026-12-01"
            let before = try await salon.call("GET", ask)
            #expect(before.status == 200)
            let offered = try #require(before.json?["slots"]?.array)
            #expect(offered.first?["startsAt"]?.string == "2026-12-01T10:00:00+08:00")
            #expect(offered.first?["items"]?[2]?["staffId"]?.string == second)
            #expect(offered.first?["items"]?[1]?["startsAt"]?.string == "2026-12-01T10:25:00+08:00")
            #expect(try await salon.call("GET", "/visit-availability?items=\(removal)&date=2026-12-01").status == 400)
            #expect(try await salon.call("GET", ask + "&parallel=maybe").status == 400)
            let made = try await salon.call("POST", "/bookings", body)
            #expect(made.status == 201)
            let after = try #require(try await salon.call("GET", ask).json?["slots"]?.array)
            #expect(after.contains { $0["startsAt"]?.string == "2026-12-01T10:00:00+08:00" } == false)
            let items = try #require(made.json?["items"]?.array)
            #expect(items.count == 3)
            #expect(
                items.map { $0["startsAt"]?.string } == [
                    "2026-12-01T10:00:00+08:00", "2026-12-01T10:25:00+08:00", "2026-12-01T11:25:00+08:00",
                ])
            #expect(items[2]["staffId"]?.string == second && items[0]["staffId"]?.string == salon.staffID)
            #expect(made.json?["startsAt"]?.string == "2026-12-01T10:00:00+08:00")
            #expect(made.json?["endsAt"]?.string == "2026-12-01T11:55:00+08:00")
            let id = try #require(made.json?["id"]?.string)
            // The technicians' times are taken by the visit.
            let clash = try await salon.call("POST", "/bookings", salon.bookingBody("10:30"))
            #expect(clash.status == 409 && clash.json?["conflictingId"]?.string == id)
            // Read back, the same visit.
            #expect(try await salon.call("GET", "/bookings/\(id)").json == made.json)
            // A single booking still shows its one item.
            let cancelled = try await salon.call("POST", "/bookings/\(id)/cancel", "{}")
            #expect(cancelled.status == 200 && cancelled.json?["status"]?.string == "cancelled")
            let single = try await salon.call("POST", "/bookings", salon.bookingBody("10:30"))
            #expect(single.status == 201 && single.json?["items"]?.array?.count == 1)
            #expect(
                try await salon.call(
                    "POST", "/bookings",
                    #"{"customerId":"\#(salon.customerID)","startsAt":"2026-12-01T11:25:00+08:00","items":[{"serviceId":"\#(art)","staffId":"\#(second)"}]}"#
                ).status == 201)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("two technicians in parallel; bad visit bodies get 400 with the field")
    func parallelAndValidation() async throws {
        let server = try await TestServer.start()
        do {
            let salon = try await APISalon.make(server)
            let second = try #require(
                try await salon.call("POST", "/staff", #"{"name":"Aiko","workingHours":[\#(APISalon.hours)]}"#)
                    .json?["id"]?.string)
            let pedicure = try #require(
                try await salon.call("POST", "/services", #"{"name":"足部","durationMinutes":90}"#).json?["id"]?.string)
            let both = """
                {"customerId":"\(salon.customerID)","startsAt":"2026-12-01T14:00:00+08:00","parallel":true,\
                "items":[{"serviceId":"\(salon.serviceID)"},{"serviceId":"\(pedicure)"}]}
                """
            let made = try await salon.call("POST", "/bookings", both)
            #expect(made.status == 201)
            let items = try #require(made.json?["items"]?.array)
            #expect(Set(items.compactMap { $0["staffId"]?.string }) == [salon.staffID, second])
            #expect(items.allSatisfy { $0["startsAt"]?.string == "2026-12-01T14:00:00+08:00" })
            // Nobody left at 14:00: the same visit again is refused whole.
            #expect(try await salon.call("POST", "/bookings", both).status == 409)
            let start = #""customerId":"\#(salon.customerID)","startsAt":"2026-12-01T16:00:00+08:00""#
            let bad: [(String, String)] = [
                (#"{\#(start),"items":[]}"#, "items"),
                (#"{\#(start),"serviceId":"\#(pedicure)","items":[{"serviceId":"\#(pedicure)"}]}"#, "items"),
                (#"{\#(start),"staffId":"\#(second)","items":[{"serviceId":"\#(pedicure)"}]}"#, "staffId"),
                (#"{\#(start),"serviceId":"\#(pedicure)","parallel":true}"#, "parallel"),
                (#"{\#(start)}"#, "serviceId"),
                (#"{\#(start),"items":[{"serviceId":"nope"},{"serviceId":"\#(pedicure)"}]}"#, "items"),
                (
                    #"{\#(start),"parallel":true,"items":[{"serviceId":"\#(pedicure)","staffId":"\#(second)"},{"serviceId":"\#(pedicure)","staffId":"\#(second)"}]}"#,
                    "items"
                ),
            ]
            for (body, field) in bad {
                let answer = try await salon.call("POST", "/bookings", body)
                #expect(answer.status == 400 && answer.json?["field"]?.string == field, "\(body)")
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
