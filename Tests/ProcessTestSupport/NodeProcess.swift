import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `nailbook serve` child process on a loopback port, for tests that need a separate process (replication,
/// SIGKILL crash tests). Built as its own target so every test target can use it.
public final class NodeProcess: Sendable {
    public let process: Process
    public let port: Int
    public let directory: String
    public static let token = "replication-test-token"

    public static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nailbook")
    }

    public static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "nailbook-repl-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private init(process: Process, port: Int, directory: String) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    /// Starts a node; `follow` makes it a follower of that node; `environment` adds variables. Waits until it
    /// listens.
    public static func start(
        directory: String = temporaryDirectory(),
        follow: NodeProcess? = nil,
        followURL: String? = nil,
        port: Int = 0,
        extra: [String] = [],
        environment added: [String: String] = [:]
    ) async throws -> NodeProcess {
        let process = Process()
        process.executableURL = binary
        var arguments = ["serve", "--data", directory, "--port", String(port)] + extra
        if let url = followURL ?? follow.map({ "http://127.0.0.1:\($0.port)" }) { arguments += ["--follow", url] }
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NAILBOOK_ADMIN_TOKEN"] = token
        environment.merge(added) { _, new in new }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = Mutex(Data())
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            output.withLock { $0.append(chunk) }
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)  // generous: the whole suite runs in parallel on 2 cores
        // One look after the deadline too: while the whole suite runs, this task may first run again after it.
        var lastLook = false
        while process.isRunning && !lastLook {
            lastLook = ContinuousClock.now >= deadline
            let text = output.withLock { String(decoding: $0, as: UTF8.self) }
            if let range = text.range(of: "listening on 127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) {
                    pipe.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
                    return NodeProcess(process: process, port: port, directory: directory)
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        let text = output.withLock { String(decoding: $0, as: UTF8.self) }
        throw TestFailure("node did not start: \(text.suffix(500))")
    }

    /// Stops with SIGTERM (graceful) or SIGKILL.
    public func stop(kill: Bool = false) {
        guard process.isRunning else { return }
        if kill { Foundation.kill(process.processIdentifier, SIGKILL) } else { process.terminate() }
        process.waitUntilExit()
    }

    /// One HTTP exchange.
    public struct Answer: Sendable {
        public var status: Int
        public var body: Data
        public var headers: [String: String]
        public var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    /// One request with the admin token.
    public func call(
        _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
    ) async throws
        -> Answer
    {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(Self.token)", forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
        return Answer(status: http.statusCode, body: data, headers: fields)
    }

    /// The applied LSN and state digest.
    public func state() async throws -> (lsn: Int, digest: String) {
        let json = try await call("GET", "/v1/admin/state").json
        return (json?["appliedLsn"] as? Int ?? -1, json?["digest"] as? String ?? "")
    }

    /// Waits until this node has applied `lsn` (or fails after `seconds`).
    public func waitFor(lsn: Int, seconds: Double = 20) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if (try? await state().lsn) ?? 0 >= lsn { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("node on port \(port) did not reach LSN \(lsn)")
    }
}

/// A failed expectation of a test helper.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
