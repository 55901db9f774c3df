import Core

/// Measures server renders for BENCHMARKS.md (`nailbook-bench-pages`, Benchmarks/PageBenchmarks): the time-slot page
/// for a 10-staff salon with a half-full day, the back-office calendar's day view (10 technicians, 100 bookings),
/// and a year of reports for a busy salon (20,000 bookings).
public enum PageRenderProbe {
    /// The figures of one run.
    public struct Result: Sendable {
        /// Renders measured.
        public var iterations: Int
        /// Median and 99th percentile of one render, in microseconds.
        public var medianMicroseconds: Double
        public var p99Microseconds: Double
        /// The size of the rendered page, in bytes.
        public var pageBytes: Int
    }

    /// Builds the salon in memory and renders its time-slot page `iterations` times.
    public static func timeSlotPage(iterations: Int) async throws -> Result {
        precondition(iterations > 0, "at least one render")
        let (engine, _) = BookingEngine.inMemory()
        let zone = ZoneRules(identifier: "Asia/Taipei")!
        let day = LocalDate("2026-12-01")!
        let now = zone.instant(on: day, at: 8 * 60)
        let context = CommandContext(now: now, origin: .system)
        let merchant = try await engine.createMerchant(MerchantDraft(name: "Probe"), context).get()
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("10:00")!, end: TimeOfDay("20:00")!) }
        var staff: [Staff] = []
        for index in 0..<10 {
            staff.append(
                try await engine.createStaff(
                    merchantID: merchant.id, StaffDraft(name: "Staff \(index)", workingHours: hours), context
                ).get())
        }
        let service = try await engine.createService(
            merchantID: merchant.id, ServiceDraft(name: "Gel", durationMinutes: 60, price: 1200), context
        ).get()
        let customer = try await engine.createCustomer(
            merchantID: merchant.id, CustomerDraft(displayName: "Probe"), context
        ).get()
        // Half full: every technician is booked at 10, 12, 14, 16 and 18 o'clock (5 of 10 hours).
        for member in staff {
            for hour in stride(from: 10, to: 20, by: 2) {
                let booking = NewBooking(
                    merchantID: merchant.id, serviceID: service.id, staffID: member.id, customerID: customer.id,
                    startsAt: zone.instant(on: day, at: hour * 60))
                _ = try await engine.createBooking(booking, context).get()
            }
        }
        let web = CustomerWeb(
            engine: engine, configuration: WebConfiguration(), clock: { now }, role: NodeRole(.leader),
            templates: try WebTemplates.load(), assets: StaticAssets.load(), catalog: try MessageCatalog.load())
        let session = CustomerSession(merchantID: merchant.id, customerID: customer.id, expiresAt: now + 3600)
        let visit = CustomerWeb.Visit(
            merchant: merchant, texts: web.catalog.texts(acceptLanguage: "zh-TW", salonLanguage: nil), session: session,
            now: now)
        let question = TimesPage.Question(service: service, staffID: nil, date: day, link: { "/t?date=\($0)" })
        var samples: [Double] = []
        var bytes = 0
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            let started = clock.now
            let page = await TimesPage.make(
                web, visit, question, heading: "h", summary: "s", notice: nil, action: "/a", staffField: "any",
                backURL: "/")
            let html = web.templates.render(page, "times")
            let elapsed = clock.now - started
            bytes = html.utf8.count
            samples.append(
                Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
        }
        samples.sort()
        return Result(
            iterations: iterations, medianMicroseconds: samples[samples.count / 2],
            p99Microseconds: samples[min(samples.count - 1, samples.count * 99 / 100)], pageBytes: bytes)
    }

    /// The day view of the back-office calendar: 10 technicians each booked ten times (100 bookings), rendered
    /// `iterations` times from the engine's state to HTML.
    public static func calendarDay(iterations: Int) async throws -> Result {
        precondition(iterations > 0, "at least one render")
        let salon = try await ProbeSalon.make(maxDaysAhead: 60)
        let day = LocalDate("2026-12-01")!
        for member in salon.staff {
            for hour in 10..<20 {
                _ = try await salon.book(member, day, hour)
            }
        }
        let web = OfficeWeb(
            engine: salon.engine, configuration: WebConfiguration(), clock: { salon.now }, role: NodeRole(.leader),
            templates: try WebTemplates.load(), assets: StaticAssets.load(), catalog: try MessageCatalog.load(),
            adminTokenDigest: [])
        let visit = OfficeWeb.Visit(
            scope: .office, texts: web.catalog.texts(acceptLanguage: "zh-TW", salonLanguage: nil), now: salon.now)
        return measure(iterations: iterations) {
            web.templates.render(CalendarPage.make(web, visit, merchant: salon.merchant, date: day), "office-calendar")
        }
    }

    /// A year of reports (revenue by month, technician and service, utilization, customers) over a salon with
    /// 20,000 bookings in that year, computed and rendered `iterations` times.
    public static func yearOfReports(iterations: Int) async throws -> Result {
        precondition(iterations > 0, "at least one render")
        let salon = try await ProbeSalon.make(maxDaysAhead: 400)
        let first = LocalDate("2026-12-01")!
        for offset in 0..<200 {
            for member in salon.staff {
                for hour in 10..<20 {
                    _ = try await salon.book(member, first.adding(days: offset), hour)
                }
            }
        }
        let last = first.adding(days: 364)
        return measure(iterations: iterations) {
            guard
                let report = salon.engine.report(merchantID: salon.merchant.id, from: first, to: last, grouping: .month)
            else { preconditionFailure("a year is a valid range") }
            return "\(report.revenue) \(report.byPeriod.count) \(report.byTechnician.count) \(report.newCustomers)"
        }
    }

    /// Times `render` `iterations` times.
    static func measure(iterations: Int, _ render: () -> String) -> Result {
        var samples: [Double] = []
        var bytes = 0
        let clock = ContinuousClock()
        for _ in 0..<iterations {
            let started = clock.now
            let output = render()
            let elapsed = clock.now - started
            bytes = output.utf8.count
            samples.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
        }
        samples.sort()
        return Result(
            iterations: iterations, medianMicroseconds: samples[samples.count / 2],
            p99Microseconds: samples[min(samples.count - 1, samples.count * 99 / 100)], pageBytes: bytes)
    }
}

/// An in-memory salon for the probes: 10 technicians working 10:00–20:00 daily, one 60-minute service, customers.
struct ProbeSalon {
    let engine: BookingEngine
    let merchant: Merchant
    let staff: [Staff]
    let service: Service
    let customers: [Customer]
    let now: Instant
    let context: CommandContext

    static func make(maxDaysAhead: Int) async throws -> ProbeSalon {
        let (engine, _) = BookingEngine.inMemory()
        let zone = ZoneRules(identifier: "Asia/Taipei")!
        let now = zone.instant(on: LocalDate("2026-12-01")!, at: 8 * 60)
        let context = CommandContext(now: now, origin: .system)
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "Probe", rules: BookingRules(maxDaysAhead: maxDaysAhead)), context
        ).get()
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("10:00")!, end: TimeOfDay("20:00")!) }
        var staff: [Staff] = []
        for index in 0..<10 {
            staff.append(
                try await engine.createStaff(
                    merchantID: merchant.id, StaffDraft(name: "Staff \(index)", workingHours: hours), context
                ).get())
        }
        let service = try await engine.createService(
            merchantID: merchant.id, ServiceDraft(name: "Gel", durationMinutes: 60, price: 1200), context
        ).get()
        var customers: [Customer] = []
        for index in 0..<200 {
            customers.append(
                try await engine.createCustomer(
                    merchantID: merchant.id, CustomerDraft(displayName: "Customer \(index)"), context
                ).get())
        }
        return ProbeSalon(
            engine: engine, merchant: merchant, staff: staff, service: service, customers: customers, now: now,
            context: context)
    }

    /// Books `member` on `day` at `hour`:00 for one of the customers.
    func book(_ member: Staff, _ day: LocalDate, _ hour: Int) async throws -> Booking {
        let start = merchant.zone.instant(on: day, at: hour * 60)
        let customer = customers[Int(start.secondsSinceEpoch / 3600) % customers.count]
        let request = NewBooking(
            merchantID: merchant.id, serviceID: service.id, staffID: member.id, customerID: customer.id,
            startsAt: start)
        return try await engine.createBooking(request, context).get()
    }
}
