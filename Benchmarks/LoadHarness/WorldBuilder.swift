import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Makes the world through the public API, many merchants at once so that setup is quick.
struct WorldBuilder: Sendable {
    let client: HTTPClient
    let baseURL: String
    let adminToken: String
    let shape: WorldShape
    /// How many merchants are set up at the same time (each sends its staff, services and customers at once).
    let merchantsInParallel: Int
    /// Distinguishes this run's names (a server may hold the worlds of earlier runs).
    let runTag: String

    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    private struct Created: Decodable {
        let id: String
        let apiKey: String?
    }

    /// Creates every merchant and what it holds; fails on the first answer that is not 201.
    func build() async throws -> World {
        precondition(shape.merchants > 0 && shape.staffPerMerchant > 0 && !shape.serviceMinutes.isEmpty)
        var merchants: [World.Merchant?] = Array(repeating: nil, count: shape.merchants)
        try await withThrowingTaskGroup(of: (Int, World.Merchant).self) { group in
            var next = 0
            while next < min(merchantsInParallel, shape.merchants) {
                let index = next
                group.addTask { (index, try await merchant(index)) }
                next += 1
            }
            while let (index, made) = try await group.next() {
                merchants[index] = made
                if next < shape.merchants {
                    let index = next
                    group.addTask { (index, try await merchant(index)) }
                    next += 1
                }
            }
        }
        let world = World(merchants: merchants.map { $0! })
        precondition(world.staffCount == shape.merchants * shape.staffPerMerchant, "every technician was made")
        return world
    }

    private func merchant(_ index: Int) async throws -> World.Merchant {
        let body = #"{"name":"Load salon \#(runTag)-\#(index)","timeZone":"\#(SlotCalendar.zoneIdentifier)"}"#
        let merchant = try await post("/v1/merchants", body: body, token: adminToken)
        guard let apiKey = merchant.apiKey else { throw SetupError(description: "POST /v1/merchants gave no apiKey") }
        let base = "/v1/merchants/\(merchant.id)"
        let hours = (1...7).map { #"{"weekday":\#($0),"start":"10:00","end":"20:00"}"# }.joined(separator: ",")
        return try await withThrowingTaskGroup(of: (kind: Int, order: Int, id: String).self) { group in
            for (order, minutes) in shape.serviceMinutes.enumerated() {
                let body = #"{"name":"Gel \#(minutes)","durationMinutes":\#(minutes)}"#
                group.addTask { (0, order, try await post(base + "/services", body: body, token: apiKey).id) }
            }
            for order in 0..<shape.staffPerMerchant {
                let body = #"{"name":"Tech \#(order + 1)","workingHours":[\#(hours)]}"#
                group.addTask { (1, order, try await post(base + "/staff", body: body, token: apiKey).id) }
            }
            for order in 0..<shape.customersPerMerchant {
                let line = "Uload\(runTag)m\(index)c\(order)"
                let body = #"{"displayName":"Customer \#(order + 1)","lineUserId":"\#(line)"}"#
                group.addTask { (2, order, try await post(base + "/customers", body: body, token: apiKey).id) }
            }
            var made: [[Int: String]] = [[:], [:], [:]]
            for try await (kind, order, id) in group { made[kind][order] = id }
            let services = shape.serviceMinutes.indices.map {
                World.Service(id: made[0][$0]!, durationMinutes: shape.serviceMinutes[$0])
            }
            return World.Merchant(
                id: merchant.id,
                apiKey: apiKey,
                staffIDs: (0..<shape.staffPerMerchant).map { made[1][$0]! },
                services: services,
                customerIDs: (0..<shape.customersPerMerchant).map { made[2][$0]! }
            )
        }
    }

    private func post(_ path: String, body: String, token: String) async throws -> Created {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .created else {
            throw SetupError(description: "POST \(path) answered \(response.status.code): \(String(buffer: bytes))")
        }
        return try JSONDecoder().decode(Created.self, from: Data(bytes.readableBytesView))
    }
}
