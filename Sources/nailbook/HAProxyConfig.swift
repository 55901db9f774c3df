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

    @Option(
        name: .long,
        help:
            "Write the shard map (salon → group) to this file and route each salon's requests by it (with --output; default: the output's path + .map)."
    )
    var mapFile: String?

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
        var configuration: HAProxyConfiguration
        do {
            configuration = try HAProxyConfiguration(listen: listen, groups: groups, defaultGroup: group)
        } catch {
            throw ValidationError(error.description)
        }
        guard let output else {
            print(configuration.text, terminator: "")
            return
        }
        let map = mapFile ?? output + ".map"
        configuration.mapFile = map
        let shards = ShardMap(
            shards: try await client.list(prefix: ShardMap.prefix(etcdPrefix)), groupKeys: [], root: etcdPrefix)
        try Self.write(configuration.mapText(shards.groups), to: map)
        try Self.write(configuration.text, to: output)
    }

    /// Writes `text` to `path` through a temporary file and a rename, so HAProxy never reads half a file.
    static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, path) == 0 else { throw ValidationError("cannot write \(path)") }
    }
}
