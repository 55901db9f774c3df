import Prometheus
import Synchronization

/// Publishes a follower's replication figures: `replication_lag_records`, `replication_lag_seconds` (gauges) and
/// `replication_connected` (1 while streaming from the leader), `replication_reconnects_total`,
/// `replication_bytes_total` (counters, advanced by what changed since last time).
final class ReplicationCounters: Sendable {
    private let metrics: ServerMetrics
    private let seen = Mutex<(reconnects: Int, bytes: UInt64)>((0, 0))

    init(metrics: ServerMetrics) { self.metrics = metrics }

    func update(_ status: ReplicationStatus) {
        metrics.gauge(
            "replication_lag", "records", "Records the follower is behind its leader", Double(status.lagRecords))
        metrics.gauge(
            "replication_lag", "seconds", "How far behind the leader, in seconds of its clock", status.lagSeconds)
        metrics.gauge(
            "replication_connected", "", "1 while the follower streams from its leader, else 0",
            status.connection == "streaming" ? 1 : 0)
        let (reconnects, bytes) = seen.withLock { seen in
            defer { seen = (status.reconnects, status.bytes) }
            return (max(0, status.reconnects - seen.reconnects), status.bytes &- min(seen.bytes, status.bytes))
        }
        let registry = metrics.registry
        registry.makeCounter(
            descriptor: ServerMetrics.descriptor("replication_reconnects", "total", "Replication stream reconnections")
        ).increment(by: Int64(reconnects))
        registry.makeCounter(
            descriptor: ServerMetrics.descriptor("replication_bytes", "total", "Bytes received from the leader")
        ).increment(by: Int64(bytes))
    }
}
