import Core
import Foundation
import Hummingbird

/// The salon's customers (owners and managers): a search by name, phone or LINE id with each customer's visits,
/// no-shows and late cancellations, and one customer's record with their history, the salon's note and the block
/// from online booking.
struct CustomerPages: Sendable {
    let web: OfficeWeb

    /// The most customers one search shows.
    static let pageSize = 50

    struct Row: Codable, Sendable {
        var name: String
        var href: String
        var phone: String?
        var visits: Int
        var noShows: Int
        var lateCancellations: Int
        var blocked: Bool
    }

    /// The view model of `office-customers.mustache`.
    struct ListPage: Codable, Sendable {
        var chrome: OfficeChrome
        var query: String
        var rows: [Row]
        var hasRows: Bool
        var more: Bool
    }

    struct Visit: Codable, Sendable {
        var when: String
        var service: String
        var technician: String
        var status: String
        var href: String
    }

    /// The view model of `office-customer.mustache`.
    struct RecordPage: Codable, Sendable {
        var chrome: OfficeChrome
        var id: String
        var name: String
        var phone: String?
        var line: Bool
        var visits: Int
        var noShows: Int
        var lateCancellations: Int
        var note: String
        var blocked: Bool
        /// When the customer's personal data was erased, in the salon's words (nil: not erased).
        var erasedOn: String?
        /// Under the salon's no-show policy: "strikes / limit" counted now (nil without a policy).
        var strikes: String?
        /// Whether the policy stops their online bookings now.
        var stoppedByPolicy: Bool
        var history: [Visit]
    }

    func list(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) -> Response {
        let query = String((request.uri.queryParameters.get("q") ?? "").prefix(100)).trimmingCharacters(
            in: .whitespaces)
        let needle = query.lowercased()
        let stats = web.engine.customerStats(of: merchant.id)
        let matches = web.engine.customers(of: merchant.id).reversed().filter { customer in
            needle.isEmpty || customer.displayName.lowercased().contains(needle)
                || (customer.phone?.contains(needle) ?? false) || customer.lineUserID == query
        }
        let rows = matches.prefix(Self.pageSize).map { customer in
            let figures = stats[customer.id] ?? CustomerStats()
            return Row(
                name: customer.displayName, href: "/office/customers/\(customer.id)", phone: customer.phone,
                visits: figures.visits, noShows: figures.noShows, lateCancellations: figures.lateCancellations,
                blocked: customer.blockedFromOnlineBooking)
        }
        return web.page(
            ListPage(
                chrome: web.chrome(visit, title: visit.texts["office_customers"], section: "customers"), query: query,
                rows: Array(rows), hasRows: !rows.isEmpty, more: matches.count > Self.pageSize),
            "office-customers")
    }

    func record(_ visit: OfficeWeb.Visit, merchant: Merchant, _ customer: Customer) -> Response {
        let engine = web.engine
        let figures = engine.customerStats(of: merchant.id)[customer.id] ?? CustomerStats()
        let bookings = engine.bookings(
            BookingQuery(merchantID: merchant.id, customerID: customer.id, limit: BookingQuery.limitMax)
        ).bookings.reversed()
        let services = Dictionary(uniqueKeysWithValues: engine.services(of: merchant.id).map { ($0.id, $0.name) })
        let staff = Dictionary(uniqueKeysWithValues: engine.staff(of: merchant.id).map { ($0.id, $0.name) })
        let history = bookings.map {
            Visit(
                when: LocalFormat.dateTime($0.startsAt, zone: merchant.zone, visit.texts),
                service: services[$0.serviceID] ?? "", technician: staff[$0.staffID] ?? "",
                status: visit.texts["status_" + $0.shownStatus], href: "/office/bookings/\($0.id)")
        }
        return web.page(
            RecordPage(
                chrome: web.chrome(visit, title: customer.displayName, section: "customers"),
                id: customer.id.description, name: customer.displayName, phone: customer.phone,
                line: customer.lineUserID != nil, visits: figures.visits, noShows: figures.noShows,
                lateCancellations: figures.lateCancellations, note: customer.note,
                blocked: customer.blockedFromOnlineBooking,
                erasedOn: customer.erasedAt.map { LocalFormat.dateTime($0, zone: merchant.zone, visit.texts) },
                strikes: merchant.rules.noShowPolicy.map { policy in
                    "\(engine.strikes(of: customer.id, merchantID: merchant.id, now: visit.now)) / \(policy.strikes)"
                },
                stoppedByPolicy: engine.policyStopsOnlineBooking(
                    of: customer.id, merchantID: merchant.id, now: visit.now),
                history: Array(history)),
            "office-customer")
    }

    /// `POST /office/customers/{id}` (fields `note`, `blocked`).
    func update(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, _ customer: Customer)
        async throws -> Response
    {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        let result = try await web.engine.updateCustomerRecord(
            customer.id, merchantID: merchant.id, note: form["note"] ?? "",
            blockedFromOnlineBooking: form["blocked"] == "on", web.command(visit))
        return answer(result, visit, customer)
    }

    /// `POST /office/customers/{id}/erase` (field `confirm`, which must be ticked).
    func erase(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, _ customer: Customer)
        async throws -> Response
    {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        guard form["confirm"] == "on" else {
            return web.message(
                visit, title: "422", text: visit.texts["office_erase_unconfirmed"], status: .unprocessableContent)
        }
        return answer(
            try await web.engine.eraseCustomer(customer.id, merchantID: merchant.id, web.command(visit)), visit,
            customer)
    }

    /// `POST /office/customers/{id}/clear-record`: the no-shows and late cancellations so far stop counting.
    func clearRecord(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant, _ customer: Customer)
        async throws -> Response
    {
        let form = try await FormBody.read(request, limit: 4 * 1024)
        if let refusal = web.authorizeWrite(request, visit, form: form) { return refusal.response }
        return answer(
            try await web.engine.clearStrikes(customer.id, merchantID: merchant.id, web.command(visit)), visit,
            customer)
    }

    /// Back to the customer's page after a change, or the refusal's reason.
    private func answer(_ result: Result<Customer, Rejection>, _ visit: OfficeWeb.Visit, _ customer: Customer)
        -> Response
    {
        switch result {
        case .success: return web.redirect("/office/customers/\(customer.id)")
        case .failure(let rejection):
            return web.message(visit, title: "422", text: rejection.detail, status: .unprocessableContent)
        }
    }
}
