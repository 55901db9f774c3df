import Core

/// Measures the server render of the time-slot page (availability for the date strip, the view model, the
/// template) for a 10-staff salon with a half-full day; `nailbook-bench-pages` (Benchmarks/PageBenchmarks) prints it for BENCHMARKS.md.
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
}
