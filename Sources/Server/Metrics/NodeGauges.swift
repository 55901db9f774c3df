import Foundation
import Node

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The node-level gauges the alert rules (`ops/prometheus/alerts.yml`) watch, set at every scrape: whether this
/// node takes writes, the data folder's disk, and how old the newest snapshot is.
struct NodeGauges: Sendable {
    let metrics: ServerMetrics
    let dataDirectory: String
    /// When this process started: the age of "no snapshot yet" once records were written.
    let startedAt = Date()

    /// Sets every gauge from the node as it is now.
    func update(hooks: NodeHooks, appliedLSN: UInt64) {
        let isLeader = hooks.role.isLeader
        let available = isLeader && hooks.logHealth().failure == nil && (hooks.writeLease?.allowsWrites ?? true)
        let descriptor = ServerMetrics.descriptor(
            "nailbook_writes_available", "",
            "1 when this node takes writes (a leader whose log has not failed and that holds its lease, with failover)")
        // One series, labelled with the role now: a promotion or a fence must not leave the other role's behind.
        metrics.registry.unregisterGauge(
            metrics.registry.makeGauge(descriptor: descriptor, labels: [("role", isLeader ? "follower" : "leader")]))
        metrics.registry.makeGauge(descriptor: descriptor, labels: [("role", isLeader ? "leader" : "follower")])
            .set(Double(available ? 1 : 0))
        let syncRequired = isLeader ? hooks.replicaAcks.required : 0
        metrics.gauge(
            "nailbook_sync_replicas_required", "", "Followers that must hold a write before it is answered (leader)",
            Double(syncRequired))
        metrics.gauge(
            "nailbook_sync_replicas_confirming", "", "Followers that reported their log in the last 3 s (leader)",
            Double(syncRequired > 0 ? hooks.replicaAcks.confirming : 0))
        if let disk = Self.disk(of: dataDirectory) {
            metrics.gauge(
                "nailbook_data_disk_free", "bytes", "Free bytes on the data folder's file system", disk.free)
            metrics.gauge("nailbook_data_disk_size", "bytes", "Size of the data folder's file system", disk.size)
        }
        if let node = hooks.replicationSource {
            metrics.gauge(
                "nailbook_snapshot_age", "seconds",
                "Seconds since the newest snapshot while records were written after it (0 when it covers everything)",
                snapshotAgeSeconds(node, appliedLSN: appliedLSN))
        }
    }

    /// Free and total bytes of the file system holding `path` (`statvfs`); nil when it cannot be read.
    static func disk(of path: String) -> (free: Double, size: Double)? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        let block = Double(stats.f_frsize)
        return (Double(stats.f_bavail) * block, Double(stats.f_blocks) * block)
    }

    /// The staleness that matters: 0 while the newest snapshot covers every applied record; otherwise the time since
    /// that snapshot was written (or since start when there is none).
    func snapshotAgeSeconds(_ node: Node, appliedLSN: UInt64) -> Double {
        let newest = Self.newestSnapshot(node)
        guard appliedLSN > (newest?.lsn ?? 0) else { return 0 }
        return max(0, Date().timeIntervalSince(newest?.writtenAt ?? startedAt))
    }

    /// The newest snapshot's LSN and when its file was written (nil: no snapshot; the date is nil when unreadable).
    static func newestSnapshot(_ node: Node) -> (lsn: UInt64, writtenAt: Date?)? {
        guard let newest = (try? node.snapshots.lsns())?.first else { return nil }
        let attributes = try? FileManager.default.attributesOfItem(
            atPath: node.snapshots.directory + "/" + SnapshotStore.fileName(lsn: newest))
        return (newest, attributes?[.modificationDate] as? Date)
    }
}
