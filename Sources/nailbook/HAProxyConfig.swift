import ArgumentParser
import Foundation
import Replication

/// `nailbook haproxy-config --etcd URLS [--listen HOST:PORT] [--group G] [--output FILE]`: writes the HAProxy
/// configuration for the leader groups registered in etcd (see `HAProxyConfiguration` and docs/scaling.md).
struct HAProxyConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "haproxy-config",
        abstract: "Print (or write) the HAProxy configuration for the leader groups registered in etcd.")

    @Option(name: .long, help: "etcd's client URLs, comma-separated (env NAILBOOK_ETCD).")
    var etcd: String = ProcessInfo.processInfo.environment["NAILBOOK_ETCD"] ?? ""

    @Option(name: .long, help: "The prefix of Nailbook's keys in etcd.")
    var etcdPrefix = "/nailbook"

    @Option(name: .long, help: "Where HAProxy listens (host:port).")
    var listen = "0.0.0.0:8000"

    @Option(name: .long, help: "The group requests go to (env NAILBOOK_GROUP).")
    var group: String = ProcessInfo.processInfo.environment["NAILBOOK_GROUP"] ?? "main"

    @Option(name: .long, help: "Write the configuration to this file (atomically) instead of printing it.")
    var output: String?

    func run() async throws {
        let endpoints = etcd.split(separator: ",").map(String.init).filter { !$0.isEmpty }
        guard !endpoints.isEmpty else { throw ValidationError("--etcd (or NAILBOOK_ETCD) is required") }
        let client = EtcdClient(endpoints: endpoints)
        let prefix = GroupKeys.groups(prefix: etcdPrefix)
        var groups: [String: [String]] = [:]
        for stored in try await client.list(prefix: prefix) {
            // PREFIX/groups/GROUP/nodes/URL
            let rest = stored.key.dropFirst(prefix.count)
            guard let slash = rest.firstIndex(of: "/"), rest[slash...].hasPrefix("/nodes/") else { continue }
            groups[String(rest[..<slash]), default: []].append(String(decoding: stored.value, as: UTF8.self))
        }
        let configuration: HAProxyConfiguration
        do {
            configuration = try HAProxyConfiguration(listen: listen, groups: groups, defaultGroup: group)
        } catch {
            throw ValidationError(error.description)
        }
        guard let output else {
            print(configuration.text, terminator: "")
            return
        }
        let temporary = output + ".tmp"
        try configuration.text.write(toFile: temporary, atomically: false, encoding: .utf8)
        _ = rename(temporary, output)
    }
}
