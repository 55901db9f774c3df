import ArgumentParser
import Foundation

/// `nailbook-load`: sets up a world of salons through the API, then drives a booking workload for a fixed time and
/// reports throughput and latency percentiles per operation.
@main
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nailbook-load",
        abstract: "Load harness for a Nailbook server (closed or open loop, HdrHistogram percentiles).",
        discussion: """
            Exit status: 0 when the run met the given SLOs (or none was given), 2 when an SLO was missed, 1 on \
            any other failure. A 409 (a slot taken) is a business rejection, not an error; errors are 5xx, \
            timeouts and transport failures.
            """
    )

    @Option(name: .long, help: "The server's base URL.")
    var url = "http://127.0.0.1:8080"

    @Option(
        name: .customLong("read-url"),
        help: "Send reads here instead (repeatable: spread by fewest in flight; name --url too to include it).")
    var readURLs: [String] = []

    @Option(name: .long, help: "A follower of --url: probe replication lag on it after sampled creations.")
    var follower: String?

    @Option(name: .long, help: "With --follower: probe one successful creation in this many.")
    var lagSampleEvery = 10

    @Option(name: .long, help: "The admin token, to create the merchants (env NAILBOOK_ADMIN_TOKEN).")
    var adminToken: String?

    @Option(name: .long, help: "Merchants to create.")
    var merchants = 100

    @Option(name: .long, help: "Technicians per merchant.")
    var staff = 10

    @Option(name: .long, help: "Customers per merchant.")
    var customers = 3

    @Option(name: .long, help: "Days ahead (from tomorrow) that bookings and queries pick from.")
    var days = 30

    @Option(name: .long, help: "Seconds measured.")
    var duration: Double = 30

    @Option(name: .long, help: "Seconds of closed-loop creations before the run, not measured (reads find bookings).")
    var fillSeconds: Double = 0

    @Option(name: .long, help: "Seconds of load before measuring (connections open, caches warm).")
    var warmup: Double = 1

    @Option(name: .long, help: "Connections: closed loop, each sends after its previous answer; open loop, the cap.")
    var connections = 32

    @Option(name: .long, help: "Open loop: total requests per second, latency from the intended send time.")
    var rate: Double?

    @Option(name: .long, help: "Operation weights: create, availability, list, cancel, health.")
    var mix: Mix = .standard

    @Flag(name: .long, help: "Only GET /health (the same as --mix health=100).")
    var onlyHealth = false

    @Option(name: .long, help: "Write the report as JSON to this file.")
    var json: String?

    @Option(name: .customLong("slo-p95-ms"), help: "Fail (exit 2) when an operation's p95 is above this.")
    var sloP95Milliseconds: Double?

    @Option(name: .customLong("slo-p99-ms"), help: "Fail (exit 2) when an operation's p99 is above this.")
    var sloP99Milliseconds: Double?

    @Option(name: .long, help: "Fail (exit 2) when (5xx + timeouts + transport errors) / requests is above this.")
    var sloErrorRate: Double?

    @Option(name: .long, help: "Seed of the workload's random choices (default: random, printed).")
    var seed: UInt64?

    @Option(name: .long, help: "Client event-loop threads.")
    var clientThreads = 1

    @Option(name: .long, help: "Seconds before a request without an answer is a timeout.")
    var timeout: Double = 10

    @Option(name: .long, help: "A label copied into the JSON report.")
    var label: String?

    func run() async throws {
        func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
        let settings = LoadSettings(
            baseURL: trimmed(url),
            readURLs: readURLs.isEmpty ? [trimmed(url)] : readURLs.map(trimmed),
            followerURL: follower.map(trimmed),
            lagSampleEvery: lagSampleEvery,
            adminToken: adminToken ?? ProcessInfo.processInfo.environment["NAILBOOK_ADMIN_TOKEN"],
            shape: WorldShape(merchants: merchants, staffPerMerchant: staff, customersPerMerchant: customers),
            durationSeconds: duration,
            fillSeconds: fillSeconds,
            warmupSeconds: warmup,
            connections: connections,
            requestsPerSecond: rate,
            mix: onlyHealth ? .healthOnly : mix,
            slo: SLOTarget(
                p95Milliseconds: sloP95Milliseconds, p99Milliseconds: sloP99Milliseconds, errorRate: sloErrorRate),
            seed: seed ?? UInt64.random(in: 0..<(1 << 53)),
            clientThreads: clientThreads,
            timeoutSeconds: timeout,
            dayCount: days,
            label: label
        )
        if let problem = settings.problem { throw ValidationError(problem) }
        let report = try await LoadRunner(settings: settings).run()
        print(report.table())
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        }
        if let slo = report.slo, !slo.met { throw ExitCode(2) }
    }
}
