import Foundation
import ProcessTestSupport
import Testing

/// A salon created on a leader over HTTP, and a way to book slot after slot on it.
struct ReplicatedSalon: Sendable {
    let merchantID: String
    let serviceID: String
    let staffID: String
    let customerID: String

    static func make(on leader: NodeProcess) async throws -> ReplicatedSalon {
        let merchant = try await leader.call("POST", "/v1/merchants", body: #"{"name":"Replica salon"}"#)
        let merchantID = try #require(merchant.json?["id"] as? String)
        let hours = (1...7).map { #"{"weekday":\#($0),"start":"00:00","end":"24:00"}"# }.joined(separator: ",")
        let base = "/v1/merchants/\(merchantID)"
        let staff = try await leader.call("POST", base + "/staff", body: #"{"name":"Mei","workingHours":[\#(hours)]}"#)
        let service = try await leader.call("POST", base + "/services", body: #"{"name":"Gel","durationMinutes":30}"#)
        let customer = try await leader.call("POST", base + "/customers", body: #"{"displayName":"Lin"}"#)
        return ReplicatedSalon(
            merchantID: merchantID,
            serviceID: try #require(service.json?["id"] as? String),
            staffID: try #require(staff.json?["id"] as? String),
            customerID: try #require(customer.json?["id"] as? String)
        )
    }

    /// Books the 30-minute slot number `slot` (from 2027-01-01 on); returns the booking id and the write's LSN.
    func book(on node: NodeProcess, slot: Int) async throws -> (id: String, lsn: Int)? {
        let start = Date(timeIntervalSince1970: 1_798_761_600 + Double(slot) * 1_800)
        let formatter = ISO8601DateFormatter()
        let body =
            #"{"serviceId":"\#(serviceID)","staffId":"\#(staffID)","customerId":"\#(customerID)","startsAt":"\#(formatter.string(from: start))"}"#
        let answer = try await node.call("POST", "/v1/merchants/\(merchantID)/bookings", body: body)
        guard answer.status == 201, let id = answer.json?["id"] as? String,
            let lsn = answer.headers["x-nailbook-lsn"].flatMap(Int.init)
        else { return nil }
        return (id, lsn)
    }

    /// Books `count` slots from `first` on with `clients` concurrent clients; returns the ids and the highest LSN.
    func bookMany(on node: NodeProcess, from first: Int, count: Int, clients: Int = 8) async throws -> ([String], Int) {
        try await withThrowingTaskGroup(of: [(String, Int)].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var made: [(String, Int)] = []
                    for slot in stride(from: first + client, to: first + count, by: clients) {
                        if let booked = try await book(on: node, slot: slot) { made.append(booked) }
                    }
                    return made
                }
            }
            let all = try await group.reduce(into: []) { $0 += $1 }
            return (all.map(\.0), all.map(\.1).max() ?? 0)
        }
    }
}
