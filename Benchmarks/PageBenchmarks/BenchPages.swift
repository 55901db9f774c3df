import ArgumentParser
import Server

/// `nailbook-bench-pages`: the server render time of the time-slot page (BENCHMARKS.md; run a release build).
@main
struct BenchPages: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nailbook-bench-pages",
        abstract:
            "Measure the time-slot page render (10 staff, half-full day), the back-office calendar's day view (10 "
            + "technicians, 100 bookings) and a year of reports (20,000 bookings), all in memory.")

    @Option(name: .long, help: "Renders to measure.")
    var iterations = 2_000

    func run() async throws {
        let result = try await PageRenderProbe.timeSlotPage(iterations: iterations)
        print(
            "time-slot page (10 staff, half-full day, 14-day date strip): median \(result.medianMicroseconds) µs, "
                + "p99 \(result.p99Microseconds) µs over \(result.iterations) renders; \(result.pageBytes) bytes")
        let calendar = try await PageRenderProbe.calendarDay(iterations: iterations)
        print(
            "calendar day view (10 technicians, 100 bookings): median \(calendar.medianMicroseconds) µs, "
                + "p99 \(calendar.p99Microseconds) µs over \(calendar.iterations) renders; \(calendar.pageBytes) bytes")
        let reports = try await PageRenderProbe.yearOfReports(iterations: max(1, iterations / 20))
        print(
            "a year of reports (20,000 bookings): median \(reports.medianMicroseconds) µs, "
                + "p99 \(reports.p99Microseconds) µs over \(reports.iterations) computations")
    }
}
