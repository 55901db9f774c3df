/// The service-level objectives a run is checked against (each optional).
struct SLOTarget: Sendable {
    var p95Milliseconds: Double?
    var p99Milliseconds: Double?
    var errorRate: Double?

    var isEmpty: Bool { p95Milliseconds == nil && p99Milliseconds == nil && errorRate == nil }

    /// Checks every operation's latency and the overall error rate; an open loop must also hold its rate.
    func check(operations: [String: OperationReport], total: OperationReport, openLoop: OpenLoopReport?) -> SLOReport {
        var violations: [String] = []
        for (name, report) in operations.sorted(by: { $0.key < $1.key }) {
            if let limit = p95Milliseconds, report.latencyMilliseconds.p95 > limit {
                violations.append("\(name) p95 \(report.latencyMilliseconds.p95) ms > \(limit) ms")
            }
            if let limit = p99Milliseconds, report.latencyMilliseconds.p99 > limit {
                violations.append("\(name) p99 \(report.latencyMilliseconds.p99) ms > \(limit) ms")
            }
        }
        if let limit = errorRate, total.errorRate > limit {
            violations.append("error rate \(total.errorRate) > \(limit)")
        }
        if total.requests == 0 { violations.append("no request was measured") }
        if let openLoop, !openLoop.sustained {
            violations.append("target rate \(openLoop.targetRatePerSecond)/s not sustained")
        }
        return SLOReport(
            p95Milliseconds: p95Milliseconds,
            p99Milliseconds: p99Milliseconds,
            errorRate: errorRate,
            met: violations.isEmpty,
            violations: violations
        )
    }
}
