import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real etcd cluster of `etcd` child processes on loopback (Debian's etcd-server), for tests of failover.
public final class EtcdCluster: Sendable {
    /// One member.
    public struct Member: Sendable {
        public let name: String
        public let clientPort: Int
        public let peerPort: Int
        public let process: Process
        public var clientURL: String { "http://127.0.0.1:\(clientPort)" }
    }

    public let members: [Member]
    public let directory: String

    /// The members' client URLs, comma-separated (for `--etcd`).
    public var endpoints: String { members.map(\.clientURL).joined(separator: ",") }

    private init(members: [Member], directory: String) {
        self.members = members
        self.directory = directory
    }

    /// Starts `size` members and waits until the cluster answers.
    public static func start(size: Int = 3) async throws -> EtcdCluster {
        let directory = NodeProcess.temporaryDirectory()
        let ports = try (0..<(2 * size)).map { _ in try FreePort.pick() }
        let names = (0..<size).map { "m\($0)" }
        let cluster = names.enumerated().map { "\($1)=http://127.0.0.1:\(ports[2 * $0 + 1])" }.joined(separator: ",")
        var members: [Member] = []
        for (index, name) in names.enumerated() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/etcd")
            let client = "http://127.0.0.1:\(ports[2 * index])"
            let peer = "http://127.0.0.1:\(ports[2 * index + 1])"
            process.arguments = [
                "--name", name, "--data-dir", "\(directory)/\(name)", "--listen-client-urls", client,
                "--advertise-client-urls", client, "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", directory,
                "--heartbeat-interval", "100", "--election-timeout", "1000",
            ]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            let log = "\(directory)/\(name).log"
            FileManager.default.createFile(atPath: log, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: log)
            try process.run()
            members.append(
                Member(name: name, clientPort: ports[2 * index], peerPort: ports[2 * index + 1], process: process))
        }
        let etcd = EtcdCluster(members: members, directory: directory)
        try await etcd.waitUntilHealthy()
        return etcd
    }

    /// Waits until every running member answers `/health` with `true`.
    public func waitUntilHealthy(seconds: Double = 90) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            var healthy = true
            for member in members where member.process.isRunning {
                let url = URL(string: member.clientURL + "/health")!
                let answer = try? await URLSession.shared.data(from: url)
                if answer.map({ String(decoding: $0.0, as: UTF8.self).contains("true") }) != true { healthy = false }
            }
            if healthy { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        let logs = members.map { member in
            let text = (try? String(contentsOfFile: "\(directory)/\(member.name).log", encoding: .utf8)) ?? ""
            return "\(member.name) (running: \(member.process.isRunning)): \(text.suffix(600))"
        }
        throw TestFailure("etcd did not become healthy in \(seconds) s: \(logs.joined(separator: " | "))")
    }

    /// Stops every member (SIGKILL) and removes their data.
    public func stop() {
        for member in members where member.process.isRunning {
            kill(member.process.processIdentifier, SIGKILL)
            member.process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A TCP port nothing listens on right now (the kernel picks it; a race with other processes is possible but rare).
public enum FreePort {
    public static func pick() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 }
        }
        guard bound else { throw TestFailure("bind failed") }
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) == 0 }
        }
        guard named else { throw TestFailure("getsockname failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
