import Core
import Foundation
import Hummingbird
import Logging
import Node
import Server
import ServiceLifecycle
import Synchronization
import WAL

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A settable clock for tests that need time to pass (hold expiry, booking windows).
final class TestClock: Sendable {
    private let current: Mutex<Instant>
    init(_ start: Instant) { current = Mutex(start) }
    var now: Instant { current.withLock { $0 } }
    func advance(seconds: Int64) { current.withLock { $0 = $0 + seconds } }
}

/// A real server on a loopback port over a real data folder, as `nailbook serve` runs it.
final class TestServer: Sendable {
    let node: Node
    let directory: String
    let port: Int
    let adminToken: String
    let clock: TestClock
    let group: ServiceGroup
    let task: Task<Void, any Error>

    static let start2026 = ZoneRules(identifier: "Asia/Taipei")!.instant(on: LocalDate("2026-11-27")!, at: 9 * 60)

    private init(
        node: Node, directory: String, port: Int, adminToken: String, clock: TestClock, group: ServiceGroup,
        task: Task<Void, any Error>
    ) {
        self.node = node
        self.directory = directory
        self.port = port
        self.adminToken = adminToken
        self.clock = clock
        self.group = group
        self.task = task
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "nailbook-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func start(
        directory: String = temporaryDirectory(),
        options: NodeOptions = NodeOptions(),
        clock: TestClock = TestClock(start2026),
        line: LineConfiguration = LineConfiguration(),
        web: WebConfiguration = WebConfiguration(),
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let metrics = ServerMetrics()
        var options = options
        if options.fsyncDurationObserver == nil { options.fsyncDurationObserver = metrics.fsyncObserver }
        let node = try Node.open(dataDirectory: directory, options: options)
        let token = "test-admin-token"
        var configuration = ServerConfiguration(dataDirectory: directory, port: 0)
        configuration.setAdminToken(token)
        configuration.clock = { clock.now }
        configuration.line = line
        configuration.web = web
        configure(&configuration)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let lineIntegration = LineIntegration(
            configuration: line, engine: node.engine, metrics: metrics, isLeader: { true },
            clock: { clock.now }, logger: Logger(label: "test"))
        let app = buildApplication(
            configuration: configuration,
            engine: node.engine,
            metrics: metrics,
            hooks: NodeHooks(logHealth: { node.logHealth }, replicationSource: node),
            line: lineIntegration,
            logger: Logger(label: "test"),
            onServerRunning: { port in continuation.yield(port) }
        )
        let group = ServiceGroup(
            services: [lineIntegration, app], gracefulShutdownSignals: [], logger: Logger(label: "test"))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return TestServer(
            node: node, directory: directory, port: port, adminToken: token, clock: clock, group: group, task: task)
    }

    /// Stops serving and flushes the log.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        await node.close()
    }

    /// One HTTP exchange.
    struct Answer: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: JSON? { try? JSONDecoder().decode(JSON.self, from: body) }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    func call(
        _ method: String,
        _ path: String,
        token: String? = nil,
        body: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)"] = "\(value)" }
        return Answer(status: http.statusCode, headers: fields, body: data)
    }

    /// As the admin.
    func admin(_ method: String, _ path: String, _ body: String? = nil, headers: [String: String] = [:]) async throws
        -> Answer
    {
        try await call(method, path, token: adminToken, body: body, headers: headers)
    }
}

extension TestServer {
    /// Runs `body` against a fresh server and always stops it afterwards.
    static func with<T>(
        directory: String = temporaryDirectory(),
        options: NodeOptions = NodeOptions(),
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let server = try await start(directory: directory, options: options)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}
