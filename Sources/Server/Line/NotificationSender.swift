import Core
import Logging
import Synchronization

/// Pushes due notifications to LINE (on the leader only) and logs what became of each.
///
/// A notification is planned, pushed with its fixed retry key, and its outcome appended to the log; until that
/// record is durable it stays "in flight" and is not planned again. A crash before the record leaves it pending,
/// so it is pushed again after restart with the same retry key, which LINE answers with 409: counted as sent.
final class NotificationSender: Sendable {
    private let engine: BookingEngine
    private let client: LineClient
    private let credentials: LineCredentials
    private let configuration: LineConfiguration
    private let metrics: LineMetrics
    private let isLeader: @Sendable () -> Bool
    private let clock: @Sendable () -> Instant
    private let logger: Logger
    private let renderer: NotificationRenderer
    private let retryPolicy: RetryPolicy
    private let inFlight = Mutex(InFlightNotifications())
    private let outcomes = Mutex<[(NotificationOutcome, MerchantID)]>([])
    /// Channels LINE asked to slow down (429 with Retry-After), until when.
    private let pauses = Mutex<[MerchantID: ContinuousClock.Instant]>([:])

    init(
        engine: BookingEngine,
        client: LineClient,
        credentials: LineCredentials,
        configuration: LineConfiguration,
        metrics: LineMetrics,
        isLeader: @escaping @Sendable () -> Bool,
        clock: @escaping @Sendable () -> Instant,
        logger: Logger
    ) {
        self.engine = engine
        self.client = client
        self.credentials = credentials
        self.configuration = configuration
        self.metrics = metrics
        self.isLeader = isLeader
        self.clock = clock
        self.logger = logger
        renderer = NotificationRenderer(configuration: configuration)
        retryPolicy = RetryPolicy(delayFirst: configuration.retryDelayFirst, delayMax: configuration.retryDelayMax)
    }

    /// Plans and pushes until cancelled; a second loop logs the outcomes in batches.
    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.recordOutcomes() }
            var planner = DeliveryPlanner(configuration: configuration)
            while !Task.isCancelled {
                if isLeader() { plan(&planner, into: &group) }
                try? await Task.sleep(for: configuration.pollInterval)
            }
        }
    }

    private func plan(_ planner: inout DeliveryPlanner, into group: inout DiscardingTaskGroup) {
        let now = clock()
        let instant = ContinuousClock.now
        let pausedNow = pauses.withLock { pauses in
            pauses = pauses.filter { $0.value > instant }
            return pauses
        }
        let busy = inFlight.withLock { $0 }
        let capacity = configuration.concurrentPushesMax - busy.total
        guard capacity > 0 else { return }
        let plan = engine.store.read { state in
            planner.plan(
                state: state, now: now, clock: instant, capacity: capacity, inFlight: busy,
                paused: { pausedNow[$0] != nil })
        }
        inFlight.withLock { inFlight in
            for notification in plan.sends { inFlight.insert(notification) }
        }
        let settled = engine.store.read { state in
            plan.settled.compactMap { outcome in state.outbox.notifications[outcome.id].map { (outcome, $0) } }
        }
        for (outcome, notification) in settled {
            inFlight.withLock { $0.insert(notification) }
            finish(outcome, of: notification)
        }
        for notification in plan.sends {
            group.addTask { await self.push(notification) }
        }
    }

    /// Pushes one notification and keeps its outcome for the next record.
    private func push(_ notification: Notification) async {
        let prepared = engine.store.read { state in
            (renderer.messages(for: notification, in: state), state.outbox.channels[notification.merchantID])
        }
        guard let messages = prepared.0, let channel = prepared.1 else {
            return finish(.init(id: notification.id, result: .failed(error: "the booking is gone")), of: notification)
        }
        guard let opened = credentials.open(channel) else {
            logger.error(
                "LINE channel credentials do not open with NAILBOOK_MASTER_KEY",
                metadata: ["merchant.id": "\(notification.merchantID)"])
            let later = clock() + 60
            let result: NotificationOutcome.Result = .retry(
                nextAttemptAt: later, error: "the channel credentials cannot be opened with this server's master key")
            return finish(.init(id: notification.id, result: result), of: notification)
        }
        let started = ContinuousClock.now
        let answer = await client.push(
            channelAccessToken: opened.accessToken, to: notification.lineUserID, messagesJSON: messages,
            retryKey: notification.retryKey)
        metrics.pushDuration(seconds: (ContinuousClock.now - started).inSeconds)
        finish(.init(id: notification.id, result: result(of: answer, for: notification)), of: notification)
    }

    /// What a LINE answer means for the notification.
    private func result(of answer: LinePushOutcome, for notification: Notification) -> NotificationOutcome.Result {
        var random = SystemRandomNumberGenerator()
        func retry(_ error: String, after retryAfter: Duration? = nil) -> NotificationOutcome.Result {
            guard
                let next = retryPolicy.nextAttempt(
                    after: notification.attempts + 1, now: clock(), retryAfter: retryAfter,
                    deadline: notification.expiresAt, using: &random)
            else { return .expired }
            return .retry(nextAttemptAt: next, error: error)
        }
        switch answer {
        case .accepted, .alreadyAccepted:
            return .sent
        case .rateLimited(let retryAfter):
            let pause = retryAfter ?? .seconds(1)
            pauses.withLock { $0[notification.merchantID] = ContinuousClock.now + pause }
            return retry("LINE answered 429 (rate limited)", after: retryAfter)
        case .monthlyLimitReached:
            return .failed(error: "LINE: the channel's monthly message limit is reached")
        case .serverError(let status):
            return retry("LINE answered \(status)")
        case .timedOut:
            return retry("LINE did not answer in time")
        case .transportFailed(let reason):
            return retry("could not reach LINE: \(reason)")
        case .rejected(let status, let message):
            return .failed(error: "LINE answered \(status): \(message)")
        case .unauthorized(let status):
            return .channelRejected(error: "LINE refused the channel access token (\(status))")
        }
    }

    private func finish(_ outcome: NotificationOutcome, of notification: Notification) {
        metrics.push(Self.metricStatus(outcome.result))
        outcomes.withLock { $0.append((outcome, notification.merchantID)) }
    }

    static func metricStatus(_ result: NotificationOutcome.Result) -> String {
        switch result {
        case .sent: return "sent"
        case .retry: return "retry"
        case .failed: return "failed"
        case .channelRejected: return "token_invalid"
        case .expired: return "expired"
        case .cancelled: return "cancelled"
        }
    }

    /// Logs outcomes in batches, then lets their notifications be planned again.
    private func recordOutcomes() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.pollInterval)
            let batch = outcomes.withLock { pending in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            guard !batch.isEmpty else { continue }
            do {
                _ = try await engine.recordDeliveries(batch.map(\.0), at: clock())
            } catch {
                logger.error("delivery outcomes could not be logged; the sender stops", metadata: ["error": "\(error)"])
                return
            }
            inFlight.withLock { inFlight in
                for (outcome, merchantID) in batch { inFlight.remove(outcome.id, merchantID: merchantID) }
            }
        }
    }
}
