import Foundation

extension RunReport {
    /// The human-readable summary printed on stdout.
    func table() -> String {
        var lines: [String] = []
        let header = [
            "operation", "requests", "req/s", "ok", "409", "4xx", "errors", "err%", "p50", "p90", "p95", "p99",
            "p99.9", "max",
        ]
        let widths = [12, 9, 9, 8, 7, 5, 6, 7, 8, 8, 8, 8, 8, 8]
        func row(_ cells: [String]) -> String {
            zip(cells, widths).enumerated().map { index, pair in
                index == 0 ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0) : pad(pair.0, pair.1)
            }.joined(separator: " ")
        }
        let mode = pacing == "closed" ? "closed loop, \(connections) connections" : "open loop, \(pacing)"
        lines.append(
            "nailbook-load: \(mode), \(format(durationSeconds, 0)) s after \(format(warmupSeconds, 0)) s warm-up")
        lines.append("mix \(mix), seed \(seed), world \(merchants) merchants × \(staff / max(merchants, 1)) staff")
        lines.append("latency in ms from the intended send time")
        lines.append(row(header))
        let named = operations.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        for (name, report) in named + (named.count > 1 ? [("all", total)] : []) {
            let latency = report.latencyMilliseconds
            lines.append(
                row([
                    name, "\(report.requests)", format(report.throughputPerSecond, 0), "\(report.succeeded)",
                    "\(report.rejected)", "\(report.unexpected)",
                    "\(report.serverErrors + report.timeouts + report.transportErrors)",
                    format(report.errorRate * 100, 2), format(latency.p50, 2), format(latency.p90, 2),
                    format(latency.p95, 2), format(latency.p99, 2), format(latency.p999, 2), format(latency.max, 2),
                ]))
        }
        if let openLoop {
            lines.append(
                "open loop: target \(format(openLoop.targetRatePerSecond, 0))/s, achieved "
                    + "\(format(openLoop.achievedRatePerSecond, 0))/s, unsent \(openLoop.unsentRequests) of "
                    + "\(openLoop.plannedRequests), send lag p99 \(format(openLoop.sendLagMilliseconds.p99, 2)) ms "
                    + "max \(format(openLoop.sendLagMilliseconds.max, 2)) ms; \(openLoop.waitedForConnection) waited for a "
                    + "free connection")
            if !openLoop.sustained {
                let who =
                    client.saturated
                    ? "the client is saturated"
                    : openLoop.waitedForConnection > 0
                        ? "every connection was busy: the server did not keep up"
                        : "the client fell behind its schedule"
                lines.append("WARNING: the target rate was not sustained (\(who)); latencies include the waiting")
            }
        }
        if readTargets.count > 1 {
            lines.append(
                "reads by target: "
                    + readTargets.map { "\($0.url) \($0.requests) (\(format($0.throughputPerSecond, 0))/s)" }
                    .joined(separator: ", "))
        }
        if let lagProbe { lines += lagLines(lagProbe) }
        lines.append(
            "client: \(format(client.cpuSeconds, 2)) CPU s = \(format(client.cores, 2)) cores on "
                + "\(client.eventLoopThreads) event-loop thread(s)"
                + (client.saturated
                    ? " — WARNING: the client may be the bottleneck"
                    : client.busy ? " — NOTE: most of a core, taken from the server if they share the machine" : ""))
        if total.unexpected > 0 {
            lines.append(
                "WARNING: \(total.unexpected) unexpected 4xx answers (first: \(total.firstUnexpectedStatus ?? 0))")
        }
        if let slo {
            lines.append("SLO: " + (slo.met ? "met" : "MISSED: " + slo.violations.joined(separator: "; ")))
        }
        return lines.joined(separator: "\n")
    }

    private func lagLines(_ probe: LagProbeReport) -> [String] {
        func summary(_ latency: LatencySummary) -> String {
            [("p50", latency.p50), ("p90", latency.p90), ("p99", latency.p99), ("p99.9", latency.p999)]
                .map { "\($0.0) \(format($0.1, 2))" }.joined(separator: " ") + " max \(format(latency.max, 2)) ms"
        }
        var lines = [
            "replication lag (leader's write answer → follower's answer with X-Nailbook-Min-LSN), "
                + "\(probe.probes) probes, one creation in \(probe.sampleEvery):",
            "  lag     " + summary(probe.lagMilliseconds),
            "  control " + summary(probe.controlMilliseconds) + " (the same GET without waiting, sent alongside)",
        ]
        if probe.lagging + probe.errors + probe.skipped > 0 {
            lines.append(
                "  WARNING: \(probe.lagging) answered 503 replica_lagging, \(probe.errors) failed, "
                    + "\(probe.skipped) samples skipped")
        }
        return lines
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
