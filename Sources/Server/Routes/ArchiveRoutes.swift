import Core
import Foundation
import Hummingbird
import Node

/// The archive and the exports: `POST /v1/admin/archive` (archive closed bookings older than N days now),
/// `GET /v1/merchants/{m}/customers/{c}/bookings` (a customer's whole history, archived bookings included), and
/// `GET /v1/merchants/{m}/export/{bookings|customers}?format=json|csv` (everything of a salon, archived bookings
/// included).
struct ArchiveRoutes {
    let api: API

    /// The default age of the bookings archived: a year, as the old system's weekly job.
    static let olderThanDaysDefault = 365

    struct ArchiveBody: Decodable {
        var olderThanDays: Int?
        /// Instead of an age: archive closed bookings that started before this instant (RFC 3339).
        var before: String?
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("admin/archive") { request, context in
            try api.requireAdmin(context)
            let body = try await RequestBody.decode(
                ArchiveBody.self, from: request, context: context, emptyIsObject: true)
            let days = body.olderThanDays ?? Self.olderThanDaysDefault
            guard (1...36_500).contains(days) else {
                throw Problem.invalid("olderThanDays", "olderThanDays must be a whole number from 1 to 36500")
            }
            guard body.before == nil || body.olderThanDays == nil else {
                throw Problem.invalid("before", "give olderThanDays or before, not both")
            }
            let now = api.clock()
            let cutoff = try body.before.map { try Parse.instant($0, field: "before") } ?? now + Int64(-days) * 86_400
            guard let node = api.node else { throw Problem.notFound("archive") }
            // Only a node whose log takes writes archives (even when nothing is old enough, the answer says so).
            if let fence = node.log.wal.fence {
                throw Problem(
                    DurabilityError(.notLeader, reason: "a newer leader took over", leaderURL: fence.leaderURL))
            }
            if node.log.wal.isReadOnly { throw Problem(DurabilityError.readOnlyReplica) }
            let report = try await Self.run(node, before: cutoff, now: now)
            return JSONResponse.make { json in
                json.object { json in
                    json.field("cutoff", RFC3339.formatUTCOffset(cutoff))
                    json.field("files") { json in json.array(report.files) { json, name in json.string(name) } }
                    json.field("bookings", report.bookings)
                    json.field("archivedFiles", node.engine.archivedFiles.count)
                    json.field("archivedBookings", node.engine.archivedFiles.reduce(0) { $0 + $1.count })
                    json.field("bookingsInMemory", node.engine.store.read { $0.ledger.bookings.count })
                }
            }
        }
        router.get("merchants/:merchantId/customers/:customerId/bookings") { _, context in
            let merchant = try api.merchant(context)
            let customerID: CustomerID = try api.pathID("customerId", context)
            guard api.engine.customer(customerID, merchantID: merchant.id) != nil else {
                throw Problem.notFound("customer")
            }
            var archived: [ArchivedBooking] = []
            try api.forEachArchived(of: merchant.id) { entry in
                if entry.booking.customerID == customerID { archived.append(entry) }
            }
            let live = api.engine.bookingsWithHistory(of: merchant.id, customerID: customerID)
            let all = (archived.map { ($0, true) } + live.map { ($0, false) }).sorted {
                ($0.0.booking.startsAt, $0.0.booking.id) > ($1.0.booking.startsAt, $1.0.booking.id)
            }
            return JSONResponse.make { json in
                json.object { json in
                    json.field("bookings") { json in
                        json.array(all) { json, entry in
                            json.booking(entry.0.booking, zone: merchant.zone, archived: entry.1)
                        }
                    }
                }
            }
        }
        router.get("merchants/:merchantId/export/:table") { request, context in
            let merchant = try api.merchant(context)
            let format = request.uri.queryParameters.get("format") ?? "json"
            guard format == "json" || format == "csv" else {
                throw Problem.invalid("format", "format must be json or csv")
            }
            switch context.parameters.get("table") {
            case "bookings": return try exportBookings(merchant, csv: format == "csv")
            case "customers": return exportCustomers(merchant, csv: format == "csv")
            default: throw Problem.notFound("export")
            }
        }
    }

    /// Archives until nothing older is left; failures answer 503 (nothing half-done: a file without its record
    /// is overwritten by the next run).
    static func run(_ node: Node, before cutoff: Instant, now: Instant) async throws -> ArchiveRunReport {
        do {
            return try await node.archiveBookings(before: cutoff, now: now)
        } catch {
            switch error {
            case .alreadyRunning:
                throw Problem(.conflict, code: "concurrent_modification", detail: "an archive run is going on")
            case .fileNotStored:
                throw Problem(
                    .serviceUnavailable, code: "archive_unavailable",
                    detail: "the archive file could not be written; nothing was archived (the server log says why)")
            case .notLogged(let durability):
                throw Problem(durability)
            }
        }
    }

    private func exportBookings(_ merchant: Merchant, csv: Bool) throws -> Response {
        var entries: [(ArchivedBooking, Bool)] = []
        try api.forEachArchived(of: merchant.id) { entries.append(($0, true)) }
        entries += api.engine.bookingsWithHistory(of: merchant.id).map { ($0, false) }
        entries.sort { $0.0.booking.id < $1.0.booking.id }
        let zone = merchant.zone
        guard csv else {
            return JSONResponse.make { json in
                json.object { json in
                    json.field("merchantId", merchant.id.description)
                    json.field("bookings") { json in
                        json.array(entries) { json, entry in
                            json.booking(entry.0.booking, zone: zone, archived: entry.1)
                        }
                    }
                }
            }
        }
        let staff = Dictionary(uniqueKeysWithValues: api.engine.staff(of: merchant.id).map { ($0.id, $0.name) })
        let services = Dictionary(uniqueKeysWithValues: api.engine.services(of: merchant.id).map { ($0.id, $0.name) })
        var writer = CSVWriter()
        writer.row([
            "id", "status", "startsAt", "endsAt", "staffId", "staff", "serviceId", "service", "customerId", "note",
            "cancelReason", "createdAt", "closedAt", "archived",
        ])
        for (entry, archived) in entries {
            let booking = entry.booking
            writer.row([
                booking.id.description, booking.shownStatus, RFC3339.format(booking.startsAt, in: zone),
                RFC3339.format(booking.endsAt, in: zone), booking.staffID.description,
                booking.staffIDs.map { staff[$0] ?? "" }.joined(separator: " + "), booking.serviceID.description,
                booking.parts.map { services[$0.serviceID] ?? "" }.joined(separator: " + "),
                booking.customerID.description,
                booking.note, booking.cancelReason ?? "", RFC3339.format(booking.createdAt, in: zone),
                booking.closedAt.map { RFC3339.format($0, in: zone) } ?? "", archived ? "true" : "false",
            ])
        }
        return Self.csvResponse(writer.text, name: "bookings-\(merchant.id).csv")
    }

    private func exportCustomers(_ merchant: Merchant, csv: Bool) -> Response {
        let customers = api.engine.customers(of: merchant.id).sorted { $0.id < $1.id }
        let zone = merchant.zone
        guard csv else {
            return JSONResponse.make { json in
                json.object { json in
                    json.field("merchantId", merchant.id.description)
                    json.field("customers") { json in
                        json.array(customers) { json, customer in json.customer(customer, zone: zone) }
                    }
                }
            }
        }
        var writer = CSVWriter()
        writer.row(["id", "displayName", "phone", "lineUserId", "note", "blockedFromOnlineBooking", "createdAt"])
        for customer in customers {
            writer.row([
                customer.id.description, customer.displayName, customer.phone ?? "", customer.lineUserID ?? "",
                customer.note, customer.blockedFromOnlineBooking ? "true" : "false",
                RFC3339.format(customer.createdAt, in: zone),
            ])
        }
        return Self.csvResponse(writer.text, name: "customers-\(merchant.id).csv")
    }

    static func csvResponse(_ text: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
