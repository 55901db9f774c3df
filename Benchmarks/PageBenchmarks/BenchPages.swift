import ArgumentParser
import Server

/// `nailbook-bench-pages`: the server render time of the time-slot page (BENCHMARKS.md; run a release build).
@main
struct BenchPages: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nailbook-bench-pages",
        abstract: "Measure the time-slot page render for a 10-staff salon with a half-full day (in memory).")

    @Option(name: .long, help: "Renders to measure.")
    var iterations = 2_000

    func run() async throws {
        let result = try await PageRenderProbe.timeSlotPage(iterations: iterations)
        print(
            "time-slot page (10 staff, half-full day, 14-day date strip): median \(result.medianMicroseconds) µs, "
                + "p99 \(result.p99Microseconds) µs over \(result.iterations) renders; \(result.pageBytes) bytes")
    }
}
