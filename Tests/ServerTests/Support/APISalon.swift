import Foundation
import Testing

/// A merchant created over the API: its key, one technician working 10:00–20:00 daily, a 60-minute service and a
/// customer.
struct APISalon: Sendable {
    let server: TestServer
    let merchantID: String
    let apiKey: String
    let staffID: String
    let serviceID: String
    let customerID: String

    var base: String { "/v1/merchants/\(merchantID)" }

    static let hours = (1...7).map { #"{"weekday":\#($0),"start":"10:00","end":"20:00"}"# }.joined(separator: ",")

    static func make(_ server: TestServer, settings: String = "") async throws -> APISalon {
        let extra = settings.isEmpty ? "" : ", " + settings
        let merchant = try await server.admin("POST", "/v1/merchants", #"{"name":"小美美甲"\#(extra)}"#)
        try #require(merchant.status == 201, "merchant: \(String(decoding: merchant.body, as: UTF8.self))")
        let merchantID = try #require(merchant.json?["id"]?.string)
        let key = try #require(merchant.json?["apiKey"]?.string)
        let base = "/v1/merchants/\(merchantID)"
        let staff = try await server.call(
            "POST",
            base + "/staff",
            token: key,
            body: #"{"name":"小美","workingHours":[\#(hours)]}"#
        )
        let service = try await server.call(
            "POST",
            base + "/services",
            token: key,
            body: #"{"name":"Gel 凝膠","durationMinutes":60,"price":1200}"#
        )
        let customer = try await server.call(
            "POST",
            base + "/customers",
            token: key,
            body: #"{"displayName":"王小姐","lineUserId":"U\#(UUID().uuidString.prefix(8))"}"#
        )
        return APISalon(
            server: server,
            merchantID: merchantID,
            apiKey: key,
            staffID: try #require(staff.json?["id"]?.string),
            serviceID: try #require(service.json?["id"]?.string),
            customerID: try #require(customer.json?["id"]?.string)
        )
    }

    /// As the merchant.
    func call(_ method: String, _ path: String, _ body: String? = nil, headers: [String: String] = [:]) async throws
        -> TestServer.Answer
    {
        try await server.call(method, base + path, token: apiKey, body: body, headers: headers)
    }

    /// The booking body for a start time on 2026-12-01 (Taipei).
    func bookingBody(_ time: String, staff: Bool = true, extra: String = "") -> String {
        let staffField = staff ? #""staffId":"\#(staffID)","# : ""
        return
            #"{\#(staffField)"serviceId":"\#(serviceID)","customerId":"\#(customerID)","startsAt":"2026-12-01T\#(time):00+08:00"\#(extra)}"#
    }
}
