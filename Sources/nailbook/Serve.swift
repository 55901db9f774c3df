import ArgumentParser
import Core
import Foundation
import Hummingbird
import Logging
import Node
import Replication
import Server
import ServiceLifecycle
import WAL

/// `nailbook serve`: run the server on a data folder.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the booking server.")

    @Option(name: .long, help: "The data folder (env NAILBOOK_DATA).")
    var data: String = ProcessInfo.processInfo.environment["NAILBOOK_DATA"] ?? "./data"

    @Option(name: .long, help: "The address to listen on (env NAILBOOK_HOST).")
    var host: String = ProcessInfo.processInfo.environment["NAILBOOK_HOST"] ?? "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (env NAILBOOK_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["NAILBOOK_PORT"].flatMap(Int.init) ?? 8080

    @Option(name: .long, help: "fsync (default: acknowledge writes once on disk) or none (benchmarks only).")
    var durability: DurabilityMode = .fsync

    @Option(name: .long, help: "Take a snapshot after this many log records.")
    var snapshotEveryRecords: UInt64 = 100_000

    @Option(name: .long, help: "Take a snapshot after this many seconds (if anything changed).")
    var snapshotEverySeconds: Double = 600

    @Option(name: .long, help: "Run as a read replica of the leader at this URL (e.g. http://10.0.0.1:8080).")
    var follow: String?

    @Option(
        name: .long,
        help:
            "The URL other nodes and clients reach this node at, told to the old leader on promotion (env NAILBOOK_ADVERTISE_URL; default http://HOST:PORT, or this machine's host name when HOST is 0.0.0.0 or ::)."
    )
    var advertiseURL: String = ProcessInfo.processInfo.environment["NAILBOOK_ADVERTISE_URL"] ?? ""

    @Option(name: .long, help: "Roll the log to a new segment file at this size, in bytes.")
    var segmentSizeBytes = 64 * 1024 * 1024

    @Option(name: .long, help: "Move log segments older than the snapshots here instead of deleting them.")
    var archive: String?

    @Option(
        name: .long,
        help: "Under concurrent writes, wait this many microseconds for more before an fsync (0: never; max 10000).")
    var commitDelayMicroseconds = 0

    @Option(
        name: .long,
        help:
            "Where connections run: pool (the cooperative thread pool) or event-loop (an experiment, see BENCHMARKS.md)."
    )
    var connectionExecutor: ConnectionExecutor = .pool

    @Option(
        name: .long,
        help:
            "Close a connection with no request in progress after this many seconds (env NAILBOOK_IDLE_TIMEOUT_SECONDS)."
    )
    var idleTimeoutSeconds: Int =
        ProcessInfo.processInfo.environment["NAILBOOK_IDLE_TIMEOUT_SECONDS"].flatMap(Int.init) ?? 60

    @Option(
        name: .long,
        help:
            "Close a connection whose request is slower to arrive, in seconds (env NAILBOOK_REQUEST_READ_TIMEOUT_SECONDS)."
    )
    var requestReadTimeoutSeconds: Int =
        ProcessInfo.processInfo.environment["NAILBOOK_REQUEST_READ_TIMEOUT_SECONDS"].flatMap(Int.init) ?? 30

    @Option(
        name: .long,
        help: "At most this many open client connections; more are closed at once (env NAILBOOK_CONNECTIONS_MAX).")
    var connectionsMax: Int = ProcessInfo.processInfo.environment["NAILBOOK_CONNECTIONS_MAX"].flatMap(Int.init) ?? 2_000

    @Option(
        name: .long,
        help:
            "Every week, archive the completed, cancelled and no-show bookings that started more than this many days ago (env NAILBOOK_ARCHIVE_AFTER_DAYS; 0 or unset: only on request, `nailbook archive`)."
    )
    var archiveAfterDays: Int =
        ProcessInfo.processInfo.environment["NAILBOOK_ARCHIVE_AFTER_DAYS"].flatMap(Int.init) ?? 0

    @Option(
        name: .long,
        help:
            "Automatic failover: etcd's client URLs, comma-separated (env NAILBOOK_ETCD; e.g. http://10.0.0.5:2379,http://10.0.0.6:2379). See docs/scaling.md."
    )
    var etcd: String = ProcessInfo.processInfo.environment["NAILBOOK_ETCD"] ?? ""

    @Option(name: .long, help: "With --etcd: this node's leader group (env NAILBOOK_GROUP; a-z 0-9 - _).")
    var group: String = ProcessInfo.processInfo.environment["NAILBOOK_GROUP"] ?? "main"

    @Option(name: .long, help: "With --etcd: the leadership lease's time to live in seconds (2-60).")
    var leaseTtlSeconds = 5

    @Option(name: .long, help: "With --etcd: the prefix of every key Nailbook keeps in etcd.")
    var etcdPrefix = "/nailbook"

    @Option(
        name: .long,
        help:
            "Synchronous replication: answer a write once this many followers hold it (env NAILBOOK_SYNC_REPLICAS; 0: asynchronous). See docs/scaling.md."
    )
    var syncReplicas: Int = ProcessInfo.processInfo.environment["NAILBOOK_SYNC_REPLICAS"].flatMap(Int.init) ?? 0

    @Option(name: .long, help: "With --sync-replicas: how long a write waits for its followers, in seconds.")
    var syncTimeoutSeconds: Double = 5

    @Flag(name: .long, help: "Load the demo merchant (staff, hours, services) if it is not there yet.")
    var demo = false

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error (env NAILBOOK_LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["NAILBOOK_LOG_LEVEL"] ?? "info"

    func run() async throws {
        var logger = Logger(label: "nailbook")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = ServerConfiguration(dataDirectory: data, host: host, port: port, loadsDemo: demo)
        configuration.pinsConnectionsToEventLoops = connectionExecutor == .eventLoop
        configuration.connections.idleTimeout = .seconds(idleTimeoutSeconds)
        configuration.connections.requestReadTimeout = .seconds(requestReadTimeoutSeconds)
        configuration.connections.connectionsMax = connectionsMax
        if let pipelined = ProcessInfo.processInfo.environment["NAILBOOK_PIPELINED_REQUESTS_MAX"].flatMap(Int.init) {
            configuration.connections.pipelinedRequestsMax = pipelined
        }
        if let problem = configuration.connections.validate() { throw ValidationError(problem) }
        guard archiveAfterDays >= 0 else { throw ValidationError("--archive-after-days must be 0 (off) or more") }
        guard (0...16).contains(syncReplicas) else { throw ValidationError("--sync-replicas must be 0-16") }
        guard syncTimeoutSeconds > 0, syncTimeoutSeconds <= 60 else {
            throw ValidationError("--sync-timeout-seconds must be above 0 and at most 60")
        }
        let waitlistSettings = WaitlistService.settings(from: ProcessInfo.processInfo.environment)
        guard case .success(let (waitlistInterval, offerMinutes)) = waitlistSettings else {
            throw ValidationError("\(waitlistSettings)")
        }
        try prepareDataDirectory(configuration.dataDirectory)
        let (token, source) = try AdminToken.load(
            dataDirectory: configuration.dataDirectory,
            environment: ProcessInfo.processInfo.environment
        )
        configuration.setAdminToken(token)
        switch source {
        case .environment: logger.info("admin token from NAILBOOK_ADMIN_TOKEN")
        case .file(let path, let created):
            logger.info("admin token", metadata: ["path": "\(path)", "created": "\(created)"])
        }
        configuration.line = try LineConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        try configuration.web.apply(environment: ProcessInfo.processInfo.environment)
        configuration.web.demoSignIn = demo
        let (sessionKey, keySource) = try SessionKey.load(
            dataDirectory: configuration.dataDirectory, environment: ProcessInfo.processInfo.environment)
        configuration.web.sessionKey = sessionKey
        logger.info("web session key", metadata: ["source": "\(keySource)"])
        if demo && follow == nil && !configuration.line.hasMasterKey {
            // The demo salon gets a placeholder LINE channel, so bookings show their confirmation in its
            // notification log; its secrets are sealed with a key of the demo's own data folder.
            let (key, created) = try DemoLineChannel.masterKey(dataDirectory: configuration.dataDirectory)
            try configuration.line.setMasterKey(key)
            logger.notice("demo: LINE secrets sealed with DIR/demo-master-key", metadata: ["created": "\(created)"])
        }
        if !configuration.line.hasMasterKey {
            logger.notice("no NAILBOOK_MASTER_KEY: LINE channels cannot be stored until one is set")
        }
        let environment = ProcessInfo.processInfo.environment
        let replicationToken: String
        if let explicit = environment["NAILBOOK_REPLICATION_TOKEN"], !explicit.isEmpty {
            replicationToken = explicit
            if replicationToken != token { configuration.setReplicationToken(replicationToken) }
        } else {
            replicationToken = token
            logger.notice(
                "no NAILBOOK_REPLICATION_TOKEN: replication uses the admin token (followers send it to the leader); set a token of its own, and keep --follow over plain HTTP on a private network"
            )
        }
        if let metricsToken = environment["NAILBOOK_METRICS_TOKEN"], !metricsToken.isEmpty {
            configuration.setMetricsToken(metricsToken)
        } else {
            logger.notice("no NAILBOOK_METRICS_TOKEN: /metrics is open to anyone who reaches this port")
        }
        let metrics = ServerMetrics()
        var options = NodeOptions()
        options.archiveDirectory = archive
        options.segmentSizeBytes = segmentSizeBytes
        options.durability = durability.walDurability
        options.snapshotEveryRecords = snapshotEveryRecords
        options.snapshotEverySeconds = snapshotEverySeconds
        options.commitDelay = .microseconds(commitDelayMicroseconds)
        options.fsyncDurationObserver = metrics.fsyncObserver
        let failover = try failoverSettings()
        if failover != nil { options.writeLease = WriteLease() }
        let record = try LeadershipRecord.load(dataDirectory: configuration.dataDirectory, storage: options.storage)
        var startup = StartupRole.decide(follow: follow, record: record)
        if case .diverged = record { options.cutsDivergedTail = true }
        let ownURL = AdvertisedURL(explicit: advertiseURL.isEmpty ? nil : advertiseURL, host: host)
        if port != 0 { ownURL.listening(port: port) }  // known before it listens: failover names it in etcd
        if let failover, follow == nil, let own = ownURL.value,
            let leader = await Self.newerLeader(in: failover, than: record, ownURL: own)
        {
            // A leader (or a node it fenced) that was down while another node took over: start fenced, following
            // it, after cutting whatever this log holds past the new epoch's first LSN.
            startup = .fenced(LogFence(epoch: leader.epoch, leaderURL: leader.url), lsn: leader.startLsn - 1)
            options.cutsDivergedTail = true
            logger.notice(
                "another node leads the group at a later epoch: starting as its follower",
                metadata: ["leader": "\(leader.url)", "epoch": "\(leader.epoch)"])
        }
        startup.configure(&options)
        if case .fenced(let fence, _) = startup {
            logger.notice(
                "a newer leader fenced this node: it refuses writes and follows that leader (DIR/leadership)",
                metadata: ["epoch": "\(fence.epoch)", "leader": "\(fence.leaderURL)"])
        }
        let node = try Node.open(dataDirectory: configuration.dataDirectory, options: options)
        logger.info(
            "data loaded",
            metadata: [
                "snapshot.lsn": "\(node.startup.snapshotLSN)", "replayed": "\(node.startup.replayedRecords)",
                "torn.bytes": "\(node.startup.recovery.droppedBytes)", "seconds": "\(node.startup.seconds)",
            ]
        )
        if node.startup.divergedCut.records > 0 || !node.startup.divergedSnapshots.isEmpty {
            logger.warning(
                "cut this node's unacknowledged records (kept for inspection)",
                metadata: [
                    "records": "\(node.startup.divergedCut.records)",
                    "files": "\(node.startup.divergedCut.brokenFiles + node.startup.divergedSnapshots)",
                ])
        }
        for skipped in node.startup.skippedSnapshots { logger.warning("damaged snapshot skipped: \(skipped)") }
        let unresolvedZones = node.engine.store.read { state in
            Set(state.catalog.merchants.values.filter { !$0.zone.isResolved }.map(\.zone.identifier))
        }
        for zone in unresolvedZones.sorted() {
            logger.error(
                "time zone unknown to this host's zone database: its salons' times read as UTC until tzdata has it",
                metadata: ["zone": "\(zone)"])
        }
        var services: [any ServiceLifecycle.Service] = [SnapshotService(node: node, logger: logger)]
        var demoMerchantID: MerchantID?
        if !advertiseURL.isEmpty {
            do {
                _ = try Follower.validated(leaderURL: advertiseURL)
            } catch {
                throw ValidationError("--advertise-url must be an http:// or https:// URL with a host")
            }
        }
        if failover != nil && ownURL.value == nil {
            throw ValidationError("--etcd needs a fixed --port or an --advertise-url: etcd names the leader by URL")
        }
        let leadership: LeadershipService
        do {
            leadership = try LeadershipService(
                node: node, startup: startup, token: replicationToken, ownURL: { ownURL.value }, logger: logger)
        } catch {
            throw ValidationError("\(error.message)")
        }
        var hooks = NodeHooks(node: node, leadership: leadership)
        hooks.replicaAcks = ReplicaAcks(required: syncReplicas)
        hooks.syncReplicationTimeout = .milliseconds(Int(syncTimeoutSeconds * 1000))
        services.append(leadership)
        if let failover, let gate = options.writeLease {
            let service = FailoverService(
                etcd: EtcdClient(endpoints: failover.endpoints), keys: failover.keys, ttl: .seconds(leaseTtlSeconds),
                leadership: leadership, gate: gate, ownURL: { ownURL.value }, logger: logger)
            hooks.writeLease = gate
            hooks.failover = { service.status }
            hooks.shards = service.shards
            hooks.promote = { () async throws(PromotionError) -> Promotion in try await service.promote() }
            services.append(service)
            await service.step()  // a leader claims its key before anything below writes
            logger.notice(
                "failover through etcd", metadata: ["group": "\(failover.keys.group)", "etcd": "\(failover.endpoints)"])
        }
        let mayWrite = options.writeLease?.allowsWrites ?? true
        if startup.leaderURL == nil && configuration.loadsDemo && !mayWrite {
            logger.notice("demo not loaded: this node does not lead its group (another node does, or etcd is down)")
        }
        if startup.leaderURL == nil && configuration.loadsDemo && mayWrite {
            let merchant = try await DemoSalon.load(into: node.engine, now: WallClock.now())
            logger.info("demo merchant", metadata: ["merchant.id": "\(merchant.id)"])
            demoMerchantID = merchant.id
        }
        let line = LineIntegration(
            configuration: configuration.line, engine: node.engine, metrics: metrics,
            isLeader: { [role = hooks.role] in role.isLeader }, clock: WallClock.now, logger: logger)
        if let demoMerchantID, let merchant = node.engine.merchant(demoMerchantID) {
            try await DemoLineChannel.connect(merchant, engine: node.engine, line: line, now: WallClock.now())
        }
        let app = buildApplication(
            configuration: configuration,
            engine: node.engine,
            metrics: metrics,
            hooks: hooks,
            line: line,
            logger: logger,
            onServerRunning: { [host, demoMerchantID, logger] port in
                ownURL.listening(port: port)
                guard let demoMerchantID else { return }
                logger.notice("booking page", metadata: ["url": "http://\(host):\(port)/book/\(demoMerchantID)"])
                logger.notice(
                    "admin console: sign in with the admin token, then invite the demo salon's owner to /office",
                    metadata: ["url": "http://\(host):\(port)/admin"])
            }
        )
        let sweeper = SweeperService(
            engine: node.engine, isLeader: { [role = hooks.role] in role.isLeader }, clock: WallClock.now,
            logger: logger)
        let waitlist = WaitlistService(
            engine: node.engine, isLeader: { [role = hooks.role] in role.isLeader }, clock: WallClock.now,
            interval: waitlistInterval, offerMinutes: offerMinutes, logger: logger)
        services.append(line)
        services.append(sweeper)
        services.append(waitlist)
        if archiveAfterDays > 0 {
            services.append(
                ArchiveService(
                    node: node, afterDays: archiveAfterDays, isLeader: { [role = hooks.role] in role.isLeader },
                    clock: WallClock.now, logger: logger))
        }
        services.append(app)
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        await node.close()
        logger.info("stopped; log flushed")
    }
}

extension Serve {
    /// The group's leader in etcd when it is another node at an epoch above this folder's (`record`); nil when
    /// not, or when etcd does not answer (the failover loop finds out later).
    static func newerLeader(
        in failover: (endpoints: [String], keys: GroupKeys), than record: LeadershipRecord?, ownURL: String
    ) async -> LeaderRecord? {
        let etcd = EtcdClient(endpoints: failover.endpoints)
        guard let stored = try? await etcd.get(failover.keys.leader), let leader = LeaderRecord(bytes: stored.value),
            leader.url != ownURL, leader.startLsn > 0
        else { return nil }
        let epoch: UInt64
        switch record {
        case nil: epoch = 0
        case .leader(let promoted): epoch = promoted
        case .fenced(let fence, _), .diverged(let fence, _): epoch = fence.epoch
        }
        return leader.epoch > epoch ? leader : nil
    }

    /// `--etcd`, `--group` and the lease, checked; nil without `--etcd`.
    func failoverSettings() throws -> (endpoints: [String], keys: GroupKeys)? {
        let endpoints = etcd.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard !endpoints.isEmpty else { return nil }
        for endpoint in endpoints where (try? Follower.validated(leaderURL: endpoint)) == nil {
            throw ValidationError("--etcd: \(endpoint) is not an http:// or https:// URL with a host")
        }
        guard GroupKeys.isValidGroupName(group) else { throw ValidationError("--group must be 1-64 of a-z 0-9 - _") }
        guard (2...60).contains(leaseTtlSeconds) else { throw ValidationError("--lease-ttl-seconds must be 2-60") }
        guard etcdPrefix.hasPrefix("/") else { throw ValidationError("--etcd-prefix must start with /") }
        return (endpoints, GroupKeys(prefix: etcdPrefix, group: group))
    }
}

/// The `--durability` choices.
enum DurabilityMode: String, ExpressibleByArgument, Sendable {
    case fsync
    case none

    var walDurability: WALOptions.Durability { self == .fsync ? .fsync : .none }
}

/// Where connections run (`--connection-executor`).
enum ConnectionExecutor: String, ExpressibleByArgument {
    case pool
    case eventLoop = "event-loop"
}
