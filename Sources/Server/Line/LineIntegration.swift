import AsyncHTTPClient
import Core
import Logging
import ServiceLifecycle

/// Everything LINE in one service: the HTTP client to LINE, the notification sender (leader only) and the webhook
/// processor. Its routes are registered by `buildRouter`; `run` runs the loops until graceful shutdown.
public final class LineIntegration: ServiceLifecycle.Service, Sendable {
    let configuration: LineConfiguration
    let engine: BookingEngine
    let credentials: LineCredentials
    let metrics: LineMetrics
    let client: LineClient
    let sender: NotificationSender
    let webhooks: WebhookProcessor
    private let httpClient: HTTPClient

    /// Creates the integration for an engine; `isLeader` tells whether this node may push.
    public init(
        configuration: LineConfiguration,
        engine: BookingEngine,
        metrics: ServerMetrics,
        isLeader: @escaping @Sendable () -> Bool,
        clock: @escaping @Sendable () -> Instant,
        logger: Logger
    ) {
        self.configuration = configuration
        self.engine = engine
        let lineMetrics = LineMetrics(metrics: metrics)
        let credentials = LineCredentials(secretBox: configuration.secretBox)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let client = LineClient(
            configuration: LineClientConfiguration(
                apiBase: configuration.apiBase, requestTimeout: configuration.requestTimeout),
            httpClient: httpClient)
        self.httpClient = httpClient
        self.credentials = credentials
        self.metrics = lineMetrics
        self.client = client
        sender = NotificationSender(
            engine: engine, client: client, credentials: credentials, configuration: configuration,
            metrics: lineMetrics, isLeader: isLeader, clock: clock, logger: logger)
        webhooks = WebhookProcessor(
            engine: engine, client: client, credentials: credentials, configuration: configuration,
            metrics: lineMetrics, clock: clock, logger: logger)
    }

    /// Runs the sender and the webhook processor until graceful shutdown, then closes the HTTP client.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.sender.run() }
                group.addTask { await self.webhooks.run() }
            }
        }
        try await httpClient.shutdown()
    }
}

extension LineIntegration {
    /// Pushes LINE accepted for a merchant in its current calendar month.
    func sentThisMonth(by merchant: Merchant, now: Instant) -> Int {
        engine.store.read { $0.outbox.pushesSent(by: merchant.id, inMonthOf: now, zone: merchant.zone) }
    }

    /// Sets the outbox gauges from the state (called when `/metrics` is scraped).
    func updateGauges(state: borrowing EngineState, now: Instant) {
        let outbox = state.outbox
        var nearQuota = 0
        var usedRatioMax = 0.0
        var tokensRefused = 0
        for (merchantID, channel) in outbox.channels {
            if channel.state == .tokenInvalid { tokensRefused += 1 }
            guard channel.settings.monthlyPushLimit > 0, let zone = state.catalog.merchants[merchantID]?.zone else {
                continue
            }
            let used = outbox.pushesSent(by: merchantID, inMonthOf: now, zone: zone)
            if used * 10 >= channel.settings.monthlyPushLimit * 8 { nearQuota += 1 }
            usedRatioMax = max(usedRatioMax, Double(used) / Double(channel.settings.monthlyPushLimit))
        }
        metrics.outbox(
            pending: outbox.pendingCount, merchantsNearQuota: nearQuota, quotaUsedRatioMax: usedRatioMax,
            channelsTokenInvalid: tokensRefused)
    }
}
