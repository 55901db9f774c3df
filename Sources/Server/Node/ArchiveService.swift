import Core
import Logging
import Node
import ServiceLifecycle

/// The archive policy of a running node (`serve --archive-after-days N`): every `interval` (a week by default, as
/// the old system's job), while this node leads, the closed bookings that started more than N days ago go to
/// archive files. The first run is `interval` after start-up, so a restart loop cannot archive over and over.
public struct ArchiveService: ServiceLifecycle.Service {
    let node: Node
    let afterDays: Int
    let interval: Duration
    let isLeader: @Sendable () -> Bool
    let clock: @Sendable () -> Instant
    let logger: Logger

    /// Creates the policy.
    public init(
        node: Node, afterDays: Int, interval: Duration = .seconds(7 * 86_400), isLeader: @escaping @Sendable () -> Bool,
        clock: @escaping @Sendable () -> Instant, logger: Logger
    ) {
        precondition(afterDays >= 1, "archive bookings at least a day old")
        self.node = node
        self.afterDays = afterDays
        self.interval = interval
        self.isLeader = isLeader
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled, !Task.isShuttingDownGracefully, isLeader() else { continue }
            let now = clock()
            do {
                let report = try await node.archiveBookings(before: now + Int64(-afterDays) * 86_400, now: now)
                if !report.files.isEmpty {
                    logger.notice(
                        "archived closed bookings",
                        metadata: ["archive.files": "\(report.files.count)", "archive.bookings": "\(report.bookings)"])
                }
            } catch {
                logger.error("archive run failed; nothing half-done is kept", metadata: ["error": "\(error)"])
            }
        }
    }
}
