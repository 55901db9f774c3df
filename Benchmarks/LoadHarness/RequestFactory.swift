import AsyncHTTPClient
import Core
import NIOCore
import NIOHTTP1

/// Builds the workload's requests from parts made once (URLs parsed, headers and time texts ready), so that a
/// request costs little more than picking random numbers and writing one small body.
struct RequestFactory: Sendable {
    /// The prepared requests of one merchant.
    private struct MerchantRequests: Sendable {
        let merchant: World.Merchant
        let baseURL: String
        let postHeaders: HTTPHeaders
        let getHeaders: HTTPHeaders
        let create: HTTPClient.Request
        /// `[service][day]`.
        let availability: [[HTTPClient.Request]]
        /// `[day]`.
        let list: [HTTPClient.Request]
    }

    private let merchants: [MerchantRequests]
    private let calendar: SlotCalendar
    private let health: HTTPClient.Request
    /// How many bookings a list query asks for.
    static let listLimit = 20

    init(baseURL: String, world: World?, calendar: SlotCalendar) throws {
        self.calendar = calendar
        health = try HTTPClient.Request(url: baseURL + "/health", method: .GET)
        merchants = try (world?.merchants ?? []).map { merchant in
            let base = baseURL + "/v1/merchants/" + merchant.id
            var getHeaders = HTTPHeaders()
            getHeaders.add(name: "Authorization", value: "Bearer " + merchant.apiKey)
            var postHeaders = getHeaders
            postHeaders.add(name: "Content-Type", value: "application/json")
            let availability = try merchant.services.map { service in
                try calendar.days.map { day in
                    let query = "?serviceId=" + service.id + "&date=" + day.date
                    return try HTTPClient.Request(
                        url: base + "/availability" + query, method: .GET, headers: getHeaders)
                }
            }
            let list = try calendar.days.map { day in
                let query = "?from=" + day.fromUTC + "&to=" + day.toUTC + "&limit=\(Self.listLimit)"
                return try HTTPClient.Request(url: base + "/bookings" + query, method: .GET, headers: getHeaders)
            }
            return MerchantRequests(
                merchant: merchant,
                baseURL: base,
                postHeaders: postHeaders,
                getHeaders: getHeaders,
                create: try HTTPClient.Request(url: base + "/bookings", method: .POST, headers: postHeaders),
                availability: availability,
                list: list
            )
        }
    }

    /// `GET /health`.
    func makeHealth() -> HTTPClient.Request { health }

    /// A booking at a random grid slot of a random day, with a random technician, service and customer; and the
    /// merchant's index, to remember the booking by.
    func makeCreate(_ random: inout SplitMix64) -> (request: HTTPClient.Request, merchantIndex: Int) {
        let merchantIndex = random.index(merchants.count)
        let prepared = merchants[merchantIndex]
        let merchant = prepared.merchant
        let service = merchant.services[random.index(merchant.services.count)]
        let day = calendar.days[random.index(calendar.days.count)]
        let startsAt = day.slotStarts[random.index(SlotCalendar.startCount(durationMinutes: service.durationMinutes))]
        var body = ByteBufferAllocator().buffer(capacity: 160)
        body.writeString(#"{"serviceId":""#)
        body.writeString(service.id)
        body.writeString(#"","staffId":""#)
        body.writeString(merchant.staffIDs[random.index(merchant.staffIDs.count)])
        body.writeString(#"","customerId":""#)
        body.writeString(merchant.customerIDs[random.index(merchant.customerIDs.count)])
        body.writeString(#"","startsAt":""#)
        body.writeString(startsAt)
        body.writeString(#""}"#)
        var request = prepared.create
        request.body = .byteBuffer(body)
        return (request, merchantIndex)
    }

    /// The free slots of a random service on a random day.
    func makeAvailability(_ random: inout SplitMix64) -> HTTPClient.Request {
        let prepared = merchants[random.index(merchants.count)]
        let byDay = prepared.availability[random.index(prepared.availability.count)]
        return byDay[random.index(byDay.count)]
    }

    /// The first page of one random day's bookings.
    func makeList(_ random: inout SplitMix64) -> HTTPClient.Request {
        let prepared = merchants[random.index(merchants.count)]
        return prepared.list[random.index(prepared.list.count)]
    }

    /// Cancels a booking this run made.
    func makeCancel(merchantIndex: Int, bookingID: String) throws -> HTTPClient.Request {
        let prepared = merchants[merchantIndex]
        return try HTTPClient.Request(
            url: prepared.baseURL + "/bookings/" + bookingID + "/cancel",
            method: .POST,
            headers: prepared.postHeaders,
            body: .byteBuffer(ByteBuffer(string: "{}"))
        )
    }
}
