import Core
import Foundation
import Hummingbird

/// The admin console's node panel (`/admin/node`): this node's role and epoch, whether it takes writes, how far
/// its log has got, its fsync p99, free disk, the newest snapshot's age, and its followers with their lag (on a
/// follower: its leader and its own lag).
struct AdminNodePage: Sendable {
    let web: OfficeWeb

    struct Figure: Codable, Sendable {
        var id: String
        var label: String
        var value: String
        /// Shown as a warning (writes refused, disk low, a stale snapshot).
        var warn: Bool
    }

    struct FollowerRow: Codable, Sendable {
        var address: String
        var connected: String
        var sentLSN: UInt64
        var lagRecords: UInt64
        var lastSent: String
    }

    /// The view model of `admin-node.mustache`.
    struct Page: Codable, Sendable {
        var chrome: OfficeChrome
        var figures: [Figure]
        var isLeader: Bool
        var followers: [FollowerRow]
        var hasFollowers: Bool
    }

    /// Disk below this share of its size is shown as a warning (the `DiskSpaceLow` alert's threshold).
    static let diskLowFraction = 0.15

    func page(_ visit: OfficeWeb.Visit) -> Response {
        let texts = visit.texts
        let health = web.hooks?.logHealth()
        let durable = health?.durableLSN ?? web.engine.store.appliedLSN
        var figures: [Figure] = []
        func add(_ id: String, _ key: String, _ value: String, warn: Bool = false) {
            figures.append(Figure(id: id, label: texts[key], value: value, warn: warn))
        }
        let role = web.role
        switch role.role {
        case .leader where role.fence != nil:
            add("node-role", "admin_node_role", texts["admin_node_fenced"] + " (\(role.fence!.leaderURL))", warn: true)
        case .leader: add("node-role", "admin_node_role", texts["admin_node_leader"])
        case .follower(let leader): add("node-role", "admin_node_role", texts["admin_node_follower"] + " " + leader)
        }
        if let node = web.hooks?.replicationSource {
            add("node-epoch", "admin_node_epoch", "\(node.log.wal.lastEpoch)")
        }
        let failed = health?.failure != nil
        add(
            "node-writes", "admin_node_writes",
            texts[
                failed
                    ? "admin_node_writes_refused"
                    : (role.isLeader ? "admin_node_writes_ok" : "admin_node_writes_follower")],
            warn: failed)
        add("node-applied", "admin_node_applied", "\(web.engine.store.appliedLSN)")
        add("node-durable", "admin_node_durable", "\(durable)")
        let fsync = web.metrics?.recentFsyncs.quantile(0.99)
        add(
            "node-fsync", "admin_node_fsync",
            fsync.map { String(format: "%.2f ms (%d)", $0.seconds * 1_000, $0.samples) } ?? "–")
        if let directory = web.hooks?.replicationSource?.dataDirectory,
            let disk = NodeGauges.disk(of: directory)
        {
            let share = disk.size > 0 ? disk.free / disk.size : 0
            add(
                "node-disk", "admin_node_disk",
                String(format: "%.1f GB (%.0f %%)", disk.free / 1e9, share * 100), warn: share < Self.diskLowFraction)
        }
        if let node = web.hooks?.replicationSource {
            if let newest = NodeGauges.newestSnapshot(node) {
                let age = newest.writtenAt.map { Self.duration(Date().timeIntervalSince($0)) } ?? "?"
                add("node-snapshot", "admin_node_snapshot", "LSN \(newest.lsn) · \(age)")
            } else {
                add("node-snapshot", "admin_node_snapshot", texts["admin_node_no_snapshot"])
            }
        }
        if let status = web.hooks?.replication() {
            add("node-leader-lsn", "admin_node_leader_lsn", status.leaderReached ? "\(status.leaderLSN)" : "?")
            add(
                "node-lag", "admin_node_lag",
                status.leaderReached
                    ? String(format: "%llu · %.1f s", status.lagRecords, status.lagSeconds) : "?",
                warn: !status.leaderReached || status.problem != nil)
            add("node-connection", "admin_node_connection", status.connection)
        }
        let now = Date()
        let followers = (web.hooks?.followers.streams ?? []).map { stream in
            FollowerRow(
                address: stream.address, connected: Self.duration(now.timeIntervalSince(stream.connectedAt)),
                sentLSN: stream.sentLSN, lagRecords: durable > stream.sentLSN ? durable - stream.sentLSN : 0,
                lastSent: stream.lastSentAt.map { Self.duration(now.timeIntervalSince($0)) } ?? "–")
        }
        return web.page(
            Page(
                chrome: web.chrome(visit, title: texts["admin_node"], section: "node"), figures: figures,
                isLeader: role.isLeader, followers: followers, hasFollowers: !followers.isEmpty),
            "admin-node")
    }

    /// "42 s", "5 min", "3 h", "2 d" ago-style lengths.
    static func duration(_ seconds: Double) -> String {
        let seconds = max(0, Int(seconds))
        switch seconds {
        case ..<120: return "\(seconds) s"
        case ..<7_200: return "\(seconds / 60) min"
        case ..<172_800: return "\(seconds / 3_600) h"
        default: return "\(seconds / 86_400) d"
        }
    }
}
