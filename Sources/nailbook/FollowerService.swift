import Replication
import Server
import ServiceLifecycle

/// Runs a follower's tailing loop as a service, stopped by graceful shutdown.
struct FollowerService: ServiceLifecycle.Service {
    let follower: Follower

    func run() async throws {
        // Cancelling the loop ends its long-lived stream request at once; stop() keeps it from reconnecting.
        await cancelWhenGracefulShutdown {
            await withGracefulShutdownHandler {
                await follower.run()
            } onGracefulShutdown: {
                follower.stop()
            }
        }
    }
}

extension Follower {
    /// The figures `/health` and `/metrics` show.
    var replicationStatus: ReplicationStatus {
        let status = status
        var report = ReplicationStatus(
            leaderURL: leaderURL,
            leaderLSN: status.leaderLSN,
            lagRecords: status.lagRecords,
            lagSeconds: status.lagSeconds,
            connection: status.phase.rawValue
        )
        report.reconnects = status.reconnects
        report.bytes = status.bytes
        return report
    }
}
