import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Runs one measurement: set up the world, drive the workload on every client event loop, gather the figures.
struct LoadRunner: Sendable {
    let settings: LoadSettings

    func run() async throws -> RunReport {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: settings.clientThreads)
        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5))
        configuration.tracing.tracer = nil
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: settings.connections)
        let client = HTTPClient(eventLoopGroup: group, configuration: configuration)
        do {
            let report = try await measure(client: client, group: group)
            try await client.shutdown()
            try await group.shutdownGracefully()
            return report
        } catch {
            try? await client.shutdown()
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private func measure(client: HTTPClient, group: MultiThreadedEventLoopGroup) async throws -> RunReport {
        let setupStarted = ContinuousClock.now
        var world: World?
        if settings.mix.needsWorld {
            note("setting up \(settings.shape.merchants) merchants × \(settings.shape.staffPerMerchant) staff")
            world = try await WorldBuilder(
                client: client,
                baseURL: settings.baseURL,
                adminToken: settings.adminToken ?? "",
                shape: settings.shape,
                merchantsInParallel: max(4, settings.connections / 4),
                runTag: String(settings.seed % 1_000_000, radix: 36)
            ).build()
        }
        let calendar = SlotCalendar(dayCount: settings.dayCount)
        let factory = try RequestFactory(baseURL: settings.baseURL, world: world, calendar: calendar)
        let loops = Array(group.makeIterator())
        if settings.fillSeconds > 0 {
            let created = try await fill(client: client, factory: factory, loops: loops)
            note("filled the calendars with \(created) bookings in \(String(format: "%.0f", settings.fillSeconds)) s")
        }
        let replicas = settings.replicaURLs
        if !replicas.isEmpty {
            let lsn = try await ReplicaSync(client: client, leaderURL: settings.baseURL).waitForReplicas(replicas)
            note("\(replicas.joined(separator: ", ")) caught up with the leader (LSN \(lsn))")
        }
        let setupSeconds = (ContinuousClock.now - setupStarted).seconds
        if world != nil { note("setup took \(String(format: "%.2f", setupSeconds)) s") }
        let readFactories = try settings.readURLs.map { url in
            url == settings.baseURL ? factory : try RequestFactory(baseURL: url, world: world, calendar: calendar)
        }
        let lagProbe = try settings.followerURL.map { url in
            LagProbePlan(
                followerHealth: try HTTPClient.Request(url: url + "/health", method: .GET),
                sampleEvery: settings.lagSampleEvery)
        }

        let startAt = NIODeadline.now() + .milliseconds(50)
        let measureFrom = startAt + .nanoseconds(Int64(settings.warmupSeconds * 1e9))
        let endAt = measureFrom + .nanoseconds(Int64(settings.durationSeconds * 1e9))
        let live = LiveCounters()
        let cpuBefore = ProcessCPU.seconds()
        let wallBefore = ContinuousClock.now
        let futures = loops.enumerated().map { index, loop in
            LoopDriver.run(
                on: loop,
                client: client,
                factory: factory,
                readFactories: readFactories,
                plan: plan(
                    loop: index, of: loops.count, startAt: startAt, measureFrom: measureFrom, endAt: endAt,
                    lagProbe: lagProbe),
                live: live
            )
        }
        let progress = Task { await reportProgress(live, measureFrom: measureFrom, endAt: endAt) }
        var merged = LoopResult()
        for future in futures { merged.merge(try await future.get()) }
        progress.cancel()
        let cpuSeconds = ProcessCPU.seconds() - cpuBefore
        let wallSeconds = (ContinuousClock.now - wallBefore).seconds
        return report(
            merged, world: world, setupSeconds: setupSeconds, cpuSeconds: cpuSeconds, wallSeconds: wallSeconds)
    }

    /// Books for `fillSeconds` (closed loop, creations only, nothing recorded), so that the measured reads find
    /// calendars with bookings in them; returns how many were made.
    private func fill(client: HTTPClient, factory: RequestFactory, loops: [any EventLoop]) async throws -> Int {
        let startAt = NIODeadline.now() + .milliseconds(50)
        let endAt = startAt + .nanoseconds(Int64(settings.fillSeconds * 1e9))
        let live = LiveCounters()
        let futures = loops.enumerated().map { index, loop in
            LoopDriver.run(
                on: loop,
                client: client,
                factory: factory,
                readFactories: [factory],
                plan: LoopPlan(
                    pacing: .closed, concurrency: concurrency(loop: index, of: loops.count), startAt: startAt,
                    measureFrom: endAt, endAt: endAt, timeout: settings.timeout, mix: .createOnly,
                    seed: ~settings.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15, lagProbe: nil),
                live: live
            )
        }
        for future in futures { _ = try await future.get() }
        return live.created.load(ordering: .relaxed)
    }

    /// One loop's share of the connections, split as evenly as possible.
    private func concurrency(loop: Int, of count: Int) -> Int {
        let concurrency = settings.connections / count + (loop < settings.connections % count ? 1 : 0)
        precondition(concurrency > 0, "every loop has at least one connection")
        return concurrency
    }

    /// One loop's share: connections (and rate) split as evenly as possible.
    private func plan(
        loop: Int, of count: Int, startAt: NIODeadline, measureFrom: NIODeadline, endAt: NIODeadline,
        lagProbe: LagProbePlan?
    ) -> LoopPlan {
        let pacing: Pacing =
            switch settings.pacing {
            case .closed: .closed
            case .open(let rate): .open(requestsPerSecond: rate / Double(count))
            }
        return LoopPlan(
            pacing: pacing,
            concurrency: concurrency(loop: loop, of: count),
            startAt: startAt,
            measureFrom: measureFrom,
            endAt: endAt,
            timeout: settings.timeout,
            mix: settings.mix,
            seed: settings.seed &+ UInt64(loop) &* 0x9E37_79B9_7F4A_7C15,
            lagProbe: lagProbe
        )
    }

    private func report(
        _ merged: LoopResult, world: World?, setupSeconds: Double, cpuSeconds: Double, wallSeconds: Double
    ) -> RunReport {
        let seconds = settings.durationSeconds
        var all = OperationStats()
        var operations: [String: OperationReport] = [:]
        for (operation, stats) in merged.stats {
            all.merge(stats)
            operations[operation.rawValue] = OperationReport(stats, seconds: seconds)
        }
        let total = OperationReport(all, seconds: seconds)
        var openLoop: OpenLoopReport?
        var pacingText = "closed"
        if case .open(let rate) = settings.pacing {
            pacingText = "\(Int(rate))/s"
            let unsentShare =
                merged.plannedMeasured == 0 ? 1 : Double(merged.unsentMeasured) / Double(merged.plannedMeasured)
            openLoop = OpenLoopReport(
                targetRatePerSecond: rate,
                plannedRequests: merged.plannedMeasured,
                unsentRequests: merged.unsentMeasured,
                achievedRatePerSecond: Double(all.requests) / seconds,
                sendLagMilliseconds: LatencySummary(merged.sendLagMicroseconds),
                waitedForConnection: merged.waitedForConnection,
                sustained: unsentShare <= 0.01
            )
        }
        let cores = wallSeconds > 0 ? cpuSeconds / wallSeconds : 0
        let client = ClientReport(
            eventLoopThreads: settings.clientThreads,
            cpuSeconds: cpuSeconds,
            cores: cores,
            busy: cores >= 0.5 * Double(settings.clientThreads),
            saturated: cores >= 0.85 * Double(settings.clientThreads)
        )
        return RunReport(
            label: settings.label,
            url: settings.baseURL,
            pacing: pacingText,
            connections: settings.connections,
            durationSeconds: seconds,
            warmupSeconds: settings.warmupSeconds,
            mix: settings.mix.description,
            seed: settings.seed,
            merchants: world?.merchants.count ?? 0,
            staff: world?.staffCount ?? 0,
            setupSeconds: setupSeconds,
            operations: operations,
            total: total,
            openLoop: openLoop,
            cancelsReplacedByCreate: merged.cancelsReplaced,
            client: client,
            lagProbe: settings.followerURL.map {
                LagProbeReport(followerURL: $0, sampleEvery: settings.lagSampleEvery, merged.lag)
            },
            readTargets: zip(settings.readURLs, merged.readsByTarget).map { url, reads in
                ReadTargetReport(url: url, requests: reads, throughputPerSecond: Double(reads) / seconds)
            },
            slo: settings.slo.isEmpty
                ? nil : settings.slo.check(operations: operations, total: total, openLoop: openLoop)
        )
    }

    /// A progress line on stderr once a second until cancelled.
    private func reportProgress(_ live: LiveCounters, measureFrom: NIODeadline, endAt: NIODeadline) async {
        var last = (completed: 0, created: 0, rejected: 0, errors: 0)
        let started = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            if Task.isCancelled { return }
            let now = (
                completed: live.completed.load(ordering: .relaxed), created: live.created.load(ordering: .relaxed),
                rejected: live.rejected.load(ordering: .relaxed), errors: live.errors.load(ordering: .relaxed)
            )
            let phase = NIODeadline.now() < measureFrom ? "warm-up" : (NIODeadline.now() < endAt ? "measure" : "drain")
            note(
                "[\(String(format: "%5.1f", (ContinuousClock.now - started).seconds)) s \(phase)] "
                    + "\(now.completed - last.completed) req/s, created \(now.created - last.created)/s, "
                    + "409 \(now.rejected - last.rejected)/s, errors \(now.errors - last.errors)/s, "
                    + "in flight \(live.inFlight.load(ordering: .relaxed))")
            last = now
        }
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

extension Duration {
    /// The duration in seconds.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
