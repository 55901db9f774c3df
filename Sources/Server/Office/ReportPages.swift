import Core
import Foundation
import HTTPTypes
import Hummingbird

/// The salon's reports (owners and managers): revenue by day, week or month, by technician and by service;
/// utilization; cancellations and no-show rate; new and returning customers; each table as CSV.
struct ReportPages: Sendable {
    let web: OfficeWeb

    struct Row: Codable, Sendable {
        var label: String
        var bookings: Int
        var revenue: String
    }

    struct Choice: Codable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// The view model of `office-reports.mustache`.
    struct Page: Codable, Sendable {
        var chrome: OfficeChrome
        var from: String
        var to: String
        var groupings: [Choice]
        var query: String
        var revenue: String
        var bookings: Int
        var utilization: String
        var cancellationRate: String
        var noShowRate: String
        var newCustomers: Int
        var returningCustomers: Int
        var periods: [Row]
        var technicians: [Row]
        var services: [Row]
        var error: String?
    }

    /// The range and grouping a request asks for: `from`, `to` (local dates; default the current month) and `by`.
    func range(_ request: Request, merchant: Merchant, now: Instant) -> (LocalDate, LocalDate, SalonReport.Grouping) {
        let query = request.uri.queryParameters
        let today = merchant.zone.localDateTime(at: now).date
        let monthStart = LocalDate(year: today.year, month: today.month, day: 1) ?? today
        let from = query.get("from").flatMap { LocalDate(String($0)) } ?? monthStart
        let to =
            query.get("to").flatMap { LocalDate(String($0)) }
            ?? monthStart.adding(days: 40).firstOfMonth.adding(days: -1)
        let grouping = query.get("by").flatMap { SalonReport.Grouping(rawValue: String($0)) } ?? .day
        return (from, to, grouping)
    }

    func page(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) -> Response {
        let (from, to, grouping) = range(request, merchant: merchant, now: visit.now)
        let groupings = SalonReport.Grouping.allCases.map {
            Choice(value: $0.rawValue, label: visit.texts["office_by_" + $0.rawValue], selected: $0 == grouping)
        }
        let query = "from=\(from)&to=\(to)&by=\(grouping.rawValue)"
        let chrome = web.chrome(visit, title: visit.texts["office_reports"], section: "reports")
        guard let report = web.engine.report(merchantID: merchant.id, from: from, to: to, grouping: grouping) else {
            return web.page(
                Page(
                    chrome: chrome, from: from.description, to: to.description, groupings: groupings, query: query,
                    revenue: "", bookings: 0, utilization: "", cancellationRate: "", noShowRate: "", newCustomers: 0,
                    returningCustomers: 0, periods: [], technicians: [], services: [],
                    error: visit.texts["office_report_range"]),
                "office-reports", status: .unprocessableContent)
        }
        let rows = { (lines: [SalonReport.Line]) in
            lines.map {
                Row(
                    label: $0.label, bookings: $0.bookings,
                    revenue: LocalFormat.price($0.revenue, currency: merchant.currency))
            }
        }
        return web.page(
            Page(
                chrome: chrome, from: from.description, to: to.description, groupings: groupings, query: query,
                revenue: LocalFormat.price(report.revenue, currency: merchant.currency), bookings: report.bookings,
                utilization: Self.percent(report.utilization), cancellationRate: Self.percent(report.cancellationRate),
                noShowRate: Self.percent(report.noShowRate), newCustomers: report.newCustomers,
                returningCustomers: report.returningCustomers, periods: rows(report.byPeriod),
                technicians: rows(report.byTechnician), services: rows(report.byService), error: nil),
            "office-reports")
    }

    /// `GET /office/reports/export?table=periods|technicians|services|summary&…`: one table as CSV.
    func export(_ request: Request, _ visit: OfficeWeb.Visit, merchant: Merchant) -> Response {
        let (from, to, grouping) = range(request, merchant: merchant, now: visit.now)
        guard let report = web.engine.report(merchantID: merchant.id, from: from, to: to, grouping: grouping) else {
            return web.message(
                visit, title: "422", text: visit.texts["office_report_range"], status: .unprocessableContent)
        }
        let table = request.uri.queryParameters.get("table").map { String($0) } ?? "periods"
        var csv = CSVWriter()
        switch table {
        case "technicians", "services", "periods":
            csv.row([
                table == "periods" ? "period" : table == "services" ? "service" : "technician", "bookings", "revenue",
            ])
            let lines =
                table == "periods" ? report.byPeriod : table == "services" ? report.byService : report.byTechnician
            for line in lines { csv.row([line.label, String(line.bookings), String(line.revenue)]) }
        case "summary":
            csv.row([
                "from", "to", "bookings", "revenue", "currency", "utilization", "cancellation_rate", "no_show_rate",
                "new_customers", "returning_customers",
            ])
            csv.row([
                from.description, to.description, String(report.bookings), String(report.revenue),
                merchant.currency.rawValue, String(format: "%.4f", report.utilization),
                String(format: "%.4f", report.cancellationRate), String(format: "%.4f", report.noShowRate),
                String(report.newCustomers), String(report.returningCustomers),
            ])
        default:
            return web.message(visit, title: "404", text: visit.texts["not_found"], status: .notFound)
        }
        var headers: HTTPFields = [
            .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
            .contentDisposition: "attachment; filename=\"nailbook-\(table)-\(from)-\(to).csv\"",
        ]
        web.security.apply(to: &headers)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv.text)))
    }

    static func percent(_ ratio: Double) -> String { String(format: "%.1f %%", ratio * 100) }
}

/// CSV as RFC 4180 writes it, with cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR)
/// prefixed by `'` (OWASP's CSV injection advice).
struct CSVWriter {
    private(set) var text = ""

    mutating func row(_ cells: [String]) {
        text += cells.map(Self.cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first), Int(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension LocalDate {
    /// The first day of this date's month.
    var firstOfMonth: LocalDate { LocalDate(year: year, month: month, day: 1) ?? self }
}

extension HTTPField.Name {
    static let contentDisposition = HTTPField.Name("Content-Disposition")!
}
