import Core
import Foundation
import Testing

@testable import Server

@Suite("Shared resources through the API")
struct ResourceAPITests {
    @Test("a salon defines resources, services use them, and bookings beyond capacity get 409 resource_unavailable")
    func resourcesBoundBookings() async throws {
        let server = try await TestServer.start()
        do {
            let salon = try await APISalon.make(server)
            let created = try await salon.call("POST", "/resources", #"{"name":"UV 燈","capacity":1}"#)
            #expect(created.status == 201)
            let lampID = try #require(created.json?["id"]?.string)
            #expect(lampID.hasPrefix("res_") && created.json?["capacity"]?.int == 1)
            // A second technician, so that only the lamp can be what is in the way.
            let second = try await salon.call(
                "POST", "/staff", #"{"name":"Aiko","workingHours":[\#(APISalon.hours)]}"#)
            let secondID = try #require(second.json?["id"]?.string)
            // The gel service uses the lamp for its last 20 minutes.
            let patched = try await salon.call(
                "PATCH", "/services/\(salon.serviceID)",
                #"{"resourceNeeds":[{"resourceId":"\#(lampID)","offsetMinutes":40,"minutes":20}]}"#)
            #expect(patched.status == 200)
            #expect(patched.json?["resourceIds"]?.array?.compactMap(\.string) == [lampID])
            #expect(patched.json?["resourceNeeds"]?[0]?["minutes"]?.int == 20)
            let first = try await salon.call("POST", "/bookings", salon.bookingBody("10:00"))
            #expect(first.status == 201)
            let uses = try #require(first.json?["resources"]?.array)
            #expect(uses.count == 1 && uses[0]["resourceId"]?.string == lampID)
            #expect(uses[0]["startsAt"]?.string == "2026-12-01T10:40:00+08:00")
            #expect(uses[0]["endsAt"]?.string == "2026-12-01T11:00:00+08:00")
            let clash = try await salon.call(
                "POST", "/bookings", salon.bookingBody("10:15", staff: false, extra: #","staffId":"\#(secondID)""#))
            #expect(clash.status == 409 && clash.json?["code"]?.string == "resource_unavailable")
            #expect(clash.json?["conflictingId"]?.string == first.json?["id"]?.string)
            // Availability leaves out the starts whose lamp time is taken, for the second technician too.
            let day = try await salon.call(
                "GET", "/availability?serviceId=\(salon.serviceID)&date=2026-12-01&staffId=\(secondID)")
            let starts = try #require(day.json?["slots"]?.array).compactMap { $0["startsAt"]?.string }
            #expect(starts.contains("2026-12-01T10:00:00+08:00") == false)
            #expect(starts.contains("2026-12-01T10:15:00+08:00") == false)
            #expect(starts.contains("2026-12-01T10:30:00+08:00"))  // its lamp time starts at 11:10
            #expect(starts.contains("2026-12-01T11:00:00+08:00"))
            // A hold takes the lamp as well, and says so.
            let hold = try await salon.call(
                "POST", "/holds",
                #"{"serviceId":"\#(salon.serviceID)","staffId":"\#(secondID)","startsAt":"2026-12-01T12:00:00+08:00"}"#)
            #expect(hold.status == 201 && hold.json?["resources"]?.array?.count == 1)
            // Raising the capacity lets the clash through.
            let raised = try await salon.call("PATCH", "/resources/\(lampID)", #"{"capacity":2}"#)
            #expect(
                raised.status == 200 && raised.json?["capacity"]?.int == 2 && raised.json?["name"]?.string == "UV 燈")
            let again = try await salon.call(
                "POST", "/bookings", salon.bookingBody("10:15", staff: false, extra: #","staffId":"\#(secondID)""#))
            #expect(again.status == 201)
            let listed = try await salon.call("GET", "/resources")
            #expect(listed.json?["resources"]?.array?.count == 1)
            #expect(try await salon.call("GET", "/resources/\(lampID)").json?["capacity"]?.int == 2)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("bad resources and needs get 400 with the field; another salon's resource is 404")
    func validation() async throws {
        let server = try await TestServer.start()
        do {
            let salon = try await APISalon.make(server)
            let other = try await APISalon.make(server)
            let foreign = try await other.call("POST", "/resources", #"{"name":"Room","capacity":1}"#)
            let foreignID = try #require(foreign.json?["id"]?.string)
            let bad: [(String, String, String)] = [
                ("/resources", #"{"name":"x"}"#, "capacity"),
                ("/resources", #"{"capacity":1}"#, "name"),
                ("/resources", #"{"name":"x","capacity":101}"#, "capacity"),
                ("/resources", #"{"name":"x","capacity":-1}"#, "capacity"),
            ]
            for (path, body, field) in bad {
                let answer = try await salon.call("POST", path, body)
                #expect(answer.status == 400 && answer.json?["field"]?.string == field, "\(body)")
            }
            let mine = try #require(
                try await salon.call("POST", "/resources", #"{"name":"Chair","capacity":3}"#).json?["id"]?.string)
            let needs: [(String, String)] = [
                (#"{"resourceIds":["\#(foreignID)"]}"#, "resourceNeeds"),
                (#"{"resourceIds":["nope"]}"#, "resourceIds"),
                (#"{"resourceIds":["\#(mine)","\#(mine)"]}"#, "resourceNeeds"),
                (#"{"resourceNeeds":[{"resourceId":"\#(mine)","offsetMinutes":60}]}"#, "resourceNeeds"),
                (#"{"resourceIds":["\#(mine)"],"resourceNeeds":[]}"#, "resourceIds"),
            ]
            for (body, field) in needs {
                let answer = try await salon.call("PATCH", "/services/\(salon.serviceID)", body)
                #expect(answer.status == 400 && answer.json?["field"]?.string == field, "\(body)")
            }
            #expect(try await salon.call("GET", "/resources/\(foreignID)").status == 404)
            #expect(try await salon.call("PATCH", "/resources/\(foreignID)", #"{"capacity":2}"#).status == 404)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
