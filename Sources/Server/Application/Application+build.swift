import Core
import Foundation
import Hummingbird
import HummingbirdCore
import Logging

/// Builds the HTTP application around an engine: the same function serves `nailbook serve` and the tests.
public func buildApplication(
    configuration: ServerConfiguration,
    engine: BookingEngine,
    metrics: ServerMetrics = ServerMetrics(),
    hooks: NodeHooks,
    line: LineIntegration,
    logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(
        engine: engine,
        metrics: metrics,
        hooks: hooks,
        line: line,
        configuration: configuration
    )
    let tally = ConnectionTally(limits: configuration.connections, metrics: metrics)
    let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [ConnectionGuard(tally: tally)])
    return Application(
        router: router,
        server: configuration.pinsConnectionsToEventLoops
            ? .pinnedHTTP1(configuration: http1) : .http1(configuration: http1),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "nailbook"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Creates the data folder if it is missing.
public func prepareDataDirectory(_ path: String) throws {
    try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
}

/// The routes: operations endpoints without auth, `/v1` behind bearer tokens, errors as problem+json.
func buildRouter(
    engine: BookingEngine,
    metrics: ServerMetrics,
    hooks: NodeHooks,
    line: LineIntegration,
    configuration: ServerConfiguration
) -> Router<NailbookContext> {
    let adminTokenDigest = configuration.adminTokenDigest
    let router = Router(context: NailbookContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: LSNMiddleware(engine: engine))
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: PathMiddleware())
    if let shards = hooks.shards { router.add(middleware: ShardMiddleware(shards: shards)) }
    router.add(middleware: ReplicaMiddleware(role: hooks.role, lease: hooks.writeLease))
    router.add(
        middleware: SyncReplicationMiddleware(
            acks: hooks.replicaAcks, timeout: hooks.syncReplicationTimeout, appliedLSN: { engine.store.appliedLSN }))
    HealthController(engine: engine, hooks: hooks).register(on: router)
    OpenAPIController().register(on: router)
    let replicationCounters = ReplicationCounters(metrics: metrics)
    let walCounters = WALCounters(metrics: metrics)
    let nodeGauges = NodeGauges(metrics: metrics, dataDirectory: configuration.dataDirectory)
    MetricsController(metrics: metrics, tokenDigest: configuration.metricsTokenDigest) {
        let (confirmed, holds, waiting, offered) = engine.store.read { state in
            let waitlist = state.ledger.waitlist
            return (
                state.ledger.confirmedCount, state.ledger.holds.count, waitlist.openCount - waitlist.offers.count,
                waitlist.offers.count
            )
        }
        nodeGauges.update(hooks: hooks, appliedLSN: engine.store.appliedLSN)
        metrics.gauge("nailbook_bookings_confirmed", "", "Confirmed bookings held in memory", Double(confirmed))
        metrics.gauge("nailbook_holds", "", "Holds not yet confirmed, released or swept", Double(holds))
        metrics.gauge("nailbook_waitlist_waiting", "", "Waitlist entries waiting for a slot", Double(waiting))
        metrics.gauge(
            "nailbook_waitlist_offers_open", "", "Slots held for waitlist customers, not yet answered", Double(offered))
        if let status = hooks.replication() { replicationCounters.update(status) }
        if let wal = hooks.replicationSource?.log.wal { walCounters.update(durableLSN: wal.durableLSN, wal.metrics) }
        engine.store.read { line.updateGauges(state: $0, now: configuration.clock()) }
    }.register(on: router)
    LineWebhookRoutes(engine: engine, line: line).register(on: router)
    registerWebPages(
        on: router, engine: engine, hooks: hooks, line: line, metrics: metrics, configuration: configuration)
    var api = API(engine: engine, metrics: metrics, clock: configuration.clock)
    api.node = hooks.replicationSource
    api.shards = hooks.shards
    let v1 = router.group("v1")
        .add(
            middleware: AuthMiddleware(
                engine: engine,
                adminTokenDigest: adminTokenDigest,
                replicationTokenDigest: configuration.replicationTokenDigest
            )
        )
        .add(middleware: MinLSNMiddleware(engine: engine, waitTimeout: hooks.minLSNWait))
    MerchantRoutes(api: api).register(on: v1)
    StaffRoutes(api: api).register(on: v1)
    ServiceRoutes(api: api).register(on: v1)
    ResourceRoutes(api: api).register(on: v1)
    WaitlistRoutes(api: api).register(on: v1)
    CustomerRoutes(api: api).register(on: v1)
    UserRoutes(api: api, web: configuration.web).register(on: v1)
    AvailabilityRoutes(api: api).register(on: v1)
    HoldRoutes(api: api).register(on: v1)
    BookingRoutes(api: api).register(on: v1)
    AdminRoutes(api: api, hooks: hooks).register(on: v1)
    ArchiveRoutes(api: api).register(on: v1)
    LineChannelRoutes(api: api, line: line).register(on: v1)
    if let node = hooks.replicationSource {
        ReplicationRoutes(node: node, heartbeatInterval: hooks.heartbeatInterval, followers: hooks.followers)
            .register(on: v1)
    }
    if let node = hooks.replicationSource {
        ReplicaAckRoute(acks: hooks.replicaAcks, durableLSN: { node.log.wal.durableLSN }).register(on: v1)
    }
    if let fence = hooks.fence {
        FenceRoute(fence: fence).register(on: v1)
    }
    return router
}
