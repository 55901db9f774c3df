import Core
import Foundation
import Testing

@testable import Server

@Suite("Archive and exports through the API")
struct ArchiveAPITests {
    @Test("archived bookings stay reachable by id, history, a customer's bookings and the exports")
    func archivedStayReachable() async throws {
        let server = try await TestServer.start()
        do {
            let salon = try await APISalon.make(server)
            var ids: [String] = []
            for (index, time) in ["10:00", "11:00", "12:00", "13:00"].enumerated() {
                let made = try await salon.call("POST", "/bookings", salon.bookingBody(time))
                let id = try #require(made.json?["id"]?.string)
                if index < 3 {
                    let path = index == 0 ? "/bookings/\(id)/complete" : "/bookings/\(id)/cancel"
                    let closed = try await salon.call("POST", path, index == 0 ? nil : #"{"reason":"改期"}"#)
                    #expect(closed.status == 200, "\(path): \(closed.status)")
                }
                ids.append(id)
            }
            let before = try await salon.call("GET", "/bookings/\(ids[1])")
            let history = try await salon.call("GET", "/bookings/\(ids[1])/history")
            // Only the admin may archive; bad bodies are refused.
            #expect(try await server.call("POST", "/v1/admin/archive", token: salon.apiKey, body: "{}").status == 403)
            #expect(try await server.admin("POST", "/v1/admin/archive", #"{"olderThanDays":0}"#).status == 400)
            let run = try await server.admin("POST", "/v1/admin/archive", #"{"before":"2027-01-01T00:00:00+08:00"}"#)
            #expect(run.status == 200)
            #expect(run.json?["bookings"]?.int == 3 && run.json?["files"]?[0]?.string == "archive-000001.nba")
            #expect(run.json?["archivedBookings"]?.int == 3)
            let merchantID = try #require(MerchantID(salon.merchantID))
            #expect(server.node.engine.booking(BookingID(ids[1])!, merchantID: merchantID) == nil)
            // By id and history: the same answer, marked archived.
            let after = try await salon.call("GET", "/bookings/\(ids[1])")
            #expect(after.status == 200 && after.json?["archived"] == .bool(true))
            var expected = try #require(before.json?.object)
            expected["archived"] = .bool(true)
            #expect(after.json?.object == expected)
            let archivedHistory = try await salon.call("GET", "/bookings/\(ids[1])/history")
            #expect(archivedHistory.status == 200 && archivedHistory.json == history.json)
            // The open booking is not archived.
            #expect(try await salon.call("GET", "/bookings/\(ids[3])").json?["archived"] == nil)
            // Another merchant cannot read it.
            let other = try await APISalon.make(server)
            #expect(try await other.call("GET", "/bookings/\(ids[1])").status == 404)
            // The customer's whole history.
            let customer = try await salon.call("GET", "/customers/\(salon.customerID)/bookings")
            let listed = try #require(customer.json?["bookings"]?.array)
            #expect(Set(listed.compactMap { $0["id"]?.string }) == Set(ids))
            #expect(listed.filter { $0["archived"] == .bool(true) }.count == 3)
            // Exports.
            let json = try await salon.call("GET", "/export/bookings?format=json")
            #expect(json.json?["bookings"]?.array?.count == 4)
            let csv = try await salon.call("GET", "/export/bookings?format=csv")
            let text = String(decoding: csv.body, as: UTF8.self)
            #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
            #expect(text.split(separator: "\r\n").count == 5 && text.contains("改期"))
            #expect(text.split(separator: "\r\n").filter { $0.hasSuffix(",true") }.count == 3)
            let customers = try await salon.call("GET", "/export/customers?format=csv")
            #expect(String(decoding: customers.body, as: UTF8.self).contains("王小姐"))
            #expect(try await salon.call("GET", "/export/staff").status == 404)
            #expect(try await salon.call("GET", "/export/bookings?format=xml").status == 400)
            // Erasing the customer afterwards blanks the archived bookings' texts too, where they are read.
            #expect(try await salon.call("POST", "/customers/\(salon.customerID)/erase").status == 200)
            let erased = try await salon.call("GET", "/bookings/\(ids[1])")
            #expect(erased.json?["cancelReason"]?.string == "" && erased.json?["archived"] == .bool(true))
            let erasedCSV = try await salon.call("GET", "/export/bookings?format=csv")
            #expect(!String(decoding: erasedCSV.body, as: UTF8.self).contains("改期"))
            // Nothing left to archive: a second run moves nothing.
            let again = try await server.admin("POST", "/v1/admin/archive", #"{"before":"2027-01-01T00:00:00+08:00"}"#)
            #expect(again.json?["bookings"]?.int == 0 && again.json?["archivedFiles"]?.int == 1)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
