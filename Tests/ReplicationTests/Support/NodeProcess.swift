import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `nailbook serve` child process on a loopback port, for replication tests.
final class NodeProcess: Sendable {
    let process: Process
    let port: Int
    let directory: String
    static let token = "replication-test-token"

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nailbook")
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "nailbook-repl-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private init(process: Process, port: Int, directory: String) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    /// Starts a node; `follow` makes it a follower of that node. Waits until it listens.
    static func start(
        directory: String = temporaryDirectory(),
        follow: NodeProcess? = nil,
        port: Int = 0,
        extra: [String] = []
    ) async throws -> NodeProcess {
        let process = Process()
        process.executableURL = binary
        var arguments = ["serve", "--data", directory, "--port", String(port)] + extra
        if let follow { arguments += ["--follow", "http://127.0.0.1:\(follow.port)"] }
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NAILBOOK_ADMIN_TOKEN"] = token
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
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline && process.isRunning {
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
    func stop(kill: Bool = false) {
        guard process.isRunning else { return }
        if kill { Foundation.kill(process.processIdentifier, SIGKILL) } else { process.terminate() }
        process.waitUntilExit()
    }

    struct Answer: Sendable {
        var status: Int
        var body: Data
        var headers: [String: String]
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    func call(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) async throws
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
    func state() async throws -> (lsn: Int, digest: String) {
        let json = try await call("GET", "/v1/admin/state").json
        return (json?["appliedLsn"] as? Int ?? -1, json?["digest"] as? String ?? "")
    }

    /// Waits until this node has applied `lsn` (or fails after `seconds`).
    func waitFor(lsn: Int, seconds: Double = 20) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if (try? await state().lsn) ?? 0 >= lsn { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("node on port \(port) did not reach LSN \(lsn)")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
