import Core
import Logging
import ServiceLifecycle

/// Hands freed slots to the waitlist every `interval`, on the leader only: it sweeps offers that expired
/// unanswered (their holds lapse, so the slot is free again), then offers each waiting customer, in the order they
/// joined, the first free start in their window (`BookingEngine.offerWaitlistSlots`). Its offers are log records,
/// so followers, replay and a promoted follower carry on from the same queue.
public struct WaitlistService: ServiceLifecycle.Service {
    let engine: BookingEngine
    let isLeader: @Sendable () -> Bool
    let clock: @Sendable () -> Instant
    let interval: Duration
    let offerMinutes: Int
    let logger: Logger

    /// How long an offer holds its slot unless the environment says otherwise (`NAILBOOK_WAITLIST_OFFER_MINUTES`).
    public static let offerMinutesDefault = 15
    /// How often the queue is scanned unless the environment says otherwise (`NAILBOOK_WAITLIST_SCAN_SECONDS`).
    public static let intervalDefault = Duration.seconds(5)

    /// Creates the service; `isLeader` is asked before every scan (a promotion turns it on).
    public init(
        engine: BookingEngine, isLeader: @escaping @Sendable () -> Bool, clock: @escaping @Sendable () -> Instant,
        interval: Duration = intervalDefault, offerMinutes: Int = offerMinutesDefault, logger: Logger
    ) {
        precondition(interval > .zero, "the scan interval must be positive")
        precondition((1...1_440).contains(offerMinutes), "an offer holds its slot for 1 to 1,440 minutes")
        self.engine = engine
        self.isLeader = isLeader
        self.clock = clock
        self.interval = interval
        self.offerMinutes = offerMinutes
        self.logger = logger
    }

    /// The interval and offer length from `NAILBOOK_WAITLIST_SCAN_SECONDS` and `NAILBOOK_WAITLIST_OFFER_MINUTES`;
    /// nil with the reason when one is not a number in range.
    public static func settings(from environment: [String: String]) -> Result<(Duration, Int), WaitlistSettingsError> {
        var interval = intervalDefault
        var minutes = offerMinutesDefault
        if let text = environment["NAILBOOK_WAITLIST_SCAN_SECONDS"] {
            guard let seconds = Double(text), seconds >= 0.05, seconds <= 3_600 else {
                return .failure(WaitlistSettingsError("NAILBOOK_WAITLIST_SCAN_SECONDS must be 0.05 to 3600"))
            }
            interval = .milliseconds(Int64(seconds * 1_000))
        }
        if let text = environment["NAILBOOK_WAITLIST_OFFER_MINUTES"] {
            guard let value = Int(text), (1...1_440).contains(value) else {
                return .failure(WaitlistSettingsError("NAILBOOK_WAITLIST_OFFER_MINUTES must be 1 to 1440"))
            }
            minutes = value
        }
        return .success((interval, minutes))
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully, isLeader() else { continue }
            await scanOnce()
        }
    }

    /// One scan at the clock's now; a log that refuses it is logged (the next scan tries again).
    func scanOnce() async {
        let now = clock()
        do {
            if engine.hasLapsedWaitlistOffers(now: now) { try await engine.sweepExpired(now: now) }
            let scan = try await engine.offerWaitlistSlots(now: now, offerMinutes: offerMinutes)
            if scan.offered > 0 || scan.ended > 0 {
                logger.info("waitlist scanned", metadata: ["offered": "\(scan.offered)", "ended": "\(scan.ended)"])
            }
        } catch {
            logger.warning("waitlist scan not recorded", metadata: ["durability.code": "\(error.code)"])
        }
    }
}

/// A waitlist setting in the environment that is out of range.
public struct WaitlistSettingsError: Error, CustomStringConvertible {
    /// What is wrong, naming the variable.
    public let description: String

    init(_ description: String) { self.description = description }
}
