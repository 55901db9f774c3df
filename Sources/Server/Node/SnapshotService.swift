import Core
import Dispatch
import Logging
import Node
import ServiceLifecycle
import WAL

/// Takes a snapshot every N records or M seconds, in the background: the state is copied under the lock (a
/// copy-on-write handoff), then encoded and written on a thread of its own, never on the request threads.
public struct SnapshotService: ServiceLifecycle.Service {
    let node: Node
    let logger: Logger
    let pollSeconds: Double

    /// Creates the service; it checks the thresholds every `pollSeconds`.
    public init(node: Node, logger: Logger, pollSeconds: Double = 1) {
        self.node = node
        self.logger = logger
        self.pollSeconds = pollSeconds
    }

    public func run() async throws {
        var lastLSN = node.startup.snapshotLSN
        var lastTime = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: .seconds(pollSeconds))
            let applied = node.engine.store.appliedLSN
            let elapsed = ContinuousClock.now - lastTime
            let due =
                applied >= lastLSN + node.options.snapshotEveryRecords
                || (applied > lastLSN && elapsed >= .seconds(node.options.snapshotEverySeconds))
            guard due else { continue }
            lastTime = ContinuousClock.now
            do {
                let (lsn, bytes) = try await Self.onOwnThread { try node.takeSnapshot() }
                lastLSN = lsn
                logger.info("snapshot written", metadata: ["wal.lsn": "\(lsn)", "snapshot.bytes": "\(bytes)"])
            } catch {
                logger.error("snapshot failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs blocking work on a dispatch thread and awaits its result.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async { continuation.resume(with: Result { try work() }) }
        }
    }
}

extension Node {
    /// The log's health for `/health`.
    public var logHealth: LogHealth {
        switch log.wal.health {
        case .ok: return LogHealth(durableLSN: log.wal.durableLSN)
        case .failed(let reason): return LogHealth(durableLSN: log.wal.durableLSN, failure: reason)
        }
    }
}
