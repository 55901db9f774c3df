import Histogram

/// Latency percentiles in milliseconds.
struct LatencySummary: Codable, Sendable {
    let p50: Double
    let p90: Double
    let p95: Double
    let p99: Double
    let p999: Double
    let max: Double
    let mean: Double

    init(_ histogram: Histogram<UInt64>) {
        func milliseconds(_ percentile: Double) -> Double {
            histogram.totalCount == 0 ? 0 : Double(histogram.valueAtPercentile(percentile)) / 1000
        }
        p50 = milliseconds(50)
        p90 = milliseconds(90)
        p95 = milliseconds(95)
        p99 = milliseconds(99)
        p999 = milliseconds(99.9)
        max = histogram.totalCount == 0 ? 0 : Double(histogram.max) / 1000
        mean = histogram.totalCount == 0 ? 0 : histogram.mean / 1000
    }
}

/// One operation's (or all operations') figures.
struct OperationReport: Codable, Sendable {
    let requests: Int
    let throughputPerSecond: Double
    let succeeded: Int
    /// 409 answers: business rejections, not errors.
    let rejected: Int
    /// Other 4xx answers: the harness's mistakes, not counted as errors.
    let unexpected: Int
    let firstUnexpectedStatus: UInt?
    let serverErrors: Int
    let timeouts: Int
    let transportErrors: Int
    /// (5xx + timeouts + transport errors) / requests.
    let errorRate: Double
    let rejectionRate: Double
    let latencyMilliseconds: LatencySummary

    init(_ stats: OperationStats, seconds: Double) {
        requests = stats.requests
        throughputPerSecond = Double(stats.requests) / seconds
        succeeded = stats.succeeded
        rejected = stats.rejected
        unexpected = stats.unexpected
        firstUnexpectedStatus = stats.firstUnexpectedStatus
        serverErrors = stats.serverErrors
        timeouts = stats.timeouts
        transportErrors = stats.transportErrors
        errorRate = stats.requests == 0 ? 0 : Double(stats.errors) / Double(stats.requests)
        rejectionRate = stats.requests == 0 ? 0 : Double(stats.rejected) / Double(stats.requests)
        latencyMilliseconds = LatencySummary(stats.latencyMicroseconds)
    }
}

/// What an open-loop run planned and managed.
struct OpenLoopReport: Codable, Sendable {
    let targetRatePerSecond: Double
    let plannedRequests: Int
    let unsentRequests: Int
    let achievedRatePerSecond: Double
    /// How late requests left after their due time (waiting for a free connection or for the client itself).
    let sendLagMilliseconds: LatencySummary
    /// Requests that left late because every connection was busy (the rest of the lag is the client's own).
    let waitedForConnection: Int
    /// Whether the target rate was held: at most 1% unsent.
    let sustained: Bool
}

/// How much CPU the harness itself used while measuring.
struct ClientReport: Codable, Sendable {
    let eventLoopThreads: Int
    let cpuSeconds: Double
    /// CPU seconds per wall second: 1.0 is one whole core.
    let cores: Double
    /// Whether the client used at least half of its threads' capacity: on a machine it shares with the server, it
    /// then takes a good part of the CPU the server could have used.
    let busy: Bool
    /// Whether the client used most of its event-loop threads' capacity (then it may be the bottleneck).
    let saturated: Bool
}

/// The SLO check.
struct SLOReport: Codable, Sendable {
    let p95Milliseconds: Double?
    let p99Milliseconds: Double?
    let errorRate: Double?
    let met: Bool
    let violations: [String]
}

/// Everything a run measured; written with `--json`.
struct RunReport: Codable, Sendable {
    let label: String?
    let url: String
    let pacing: String
    let connections: Int
    let durationSeconds: Double
    let warmupSeconds: Double
    let mix: String
    let seed: UInt64
    let merchants: Int
    let staff: Int
    let setupSeconds: Double
    let operations: [String: OperationReport]
    let total: OperationReport
    let openLoop: OpenLoopReport?
    /// Cancellations drawn when the run had no booking of its own left to cancel; a creation was sent instead.
    let cancelsReplacedByCreate: Int
    let client: ClientReport
    /// With `--follower`: the replication lag probe.
    let lagProbe: LagProbeReport?
    /// Measured reads per read URL.
    let readTargets: [ReadTargetReport]
    let slo: SLOReport?
}
