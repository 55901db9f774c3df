import Prometheus
import Synchronization
import WAL

/// Publishes the log's figures on each scrape: `wal_durable_lsn` and `wal_last_batch_records` (gauges), and
/// `wal_records_written_total`, `wal_bytes_written_total`, `wal_fsyncs_total` (counters, advanced by what changed).
final class WALCounters: Sendable {
    private let metrics: ServerMetrics
    private let seen = Mutex(WALMetrics())

    init(metrics: ServerMetrics) { self.metrics = metrics }

    func update(durableLSN: UInt64, _ now: WALMetrics) {
        metrics.gauge("wal_durable_lsn", "", "LSN of the last durable log record", Double(durableLSN))
        metrics.gauge(
            "wal_last_batch", "records", "Records in the last group-commit batch", Double(now.lastBatchRecords))
        let before = seen.withLock { seen in
            defer { seen = now }
            return seen
        }
        advance("wal_records_written", "Log records written", now.recordsWritten, before.recordsWritten)
        advance("wal_bytes_written", "Log bytes written", now.bytesWritten, before.bytesWritten)
        advance("wal_fsyncs", "Log fdatasync calls", now.fsyncCount, before.fsyncCount)
    }

    private func advance(_ name: String, _ help: String, _ now: UInt64, _ before: UInt64) {
        metrics.registry.makeCounter(descriptor: ServerMetrics.descriptor(name, "total", help))
            .increment(by: Int64(now &- min(before, now)))
    }
}
