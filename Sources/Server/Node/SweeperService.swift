import Core
import Logging
import ServiceLifecycle

/// Sweeps expired holds and idempotency keys every `interval`, on the leader only: its removals are log records
/// (`expiredSwept`), so followers and replay remove the same entries, and a follower never appends. Without it
/// expired holds would stay in the ledger and in every snapshot, and remembered keys would never be forgotten.
public struct SweeperService: ServiceLifecycle.Service {
    let engine: BookingEngine
    let isLeader: @Sendable () -> Bool
    let clock: @Sendable () -> Instant
    let interval: Duration
    let logger: Logger

    /// Creates the service; `isLeader` is asked before every sweep (a promotion turns it on).
    public init(
        engine: BookingEngine, isLeader: @escaping @Sendable () -> Bool, clock: @escaping @Sendable () -> Instant,
        interval: Duration = .seconds(30), logger: Logger
    ) {
        precondition(interval > .zero, "the sweep interval must be positive")
        self.engine = engine
        self.isLeader = isLeader
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // Only the wait is cut short at shutdown (a sweep under way finishes): a 30 s sleep would otherwise
            // hold up every graceful stop of the node.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully, isLeader() else { continue }
            await sweepOnce()
        }
    }

    /// One sweep at the clock's now; a log that refuses it is logged (the next sweep tries again).
    func sweepOnce() async {
        do {
            let swept = try await engine.sweepExpired(now: clock())
            if swept > 0 { logger.debug("expired holds swept", metadata: ["holds": "\(swept)"]) }
        } catch {
            logger.warning("sweep not recorded", metadata: ["durability.code": "\(error.code)"])
        }
    }
}
