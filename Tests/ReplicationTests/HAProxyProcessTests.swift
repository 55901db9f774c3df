import Foundation
import ProcessTestSupport
import Replication
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension EtcdSuites {
    /// HAProxy (Debian's haproxy) in front of a leader group that fails over through etcd, with the configuration
    /// `nailbook haproxy-config` generates from the nodes registered in etcd.
    @Suite("HAProxy in front of a leader group", .serialized)
    struct HAProxyProcessTests {
        /// One request through the proxy (or to a node) on loopback.
        static func call(
            port: Int, _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
        ) async throws -> (status: Int, headers: [String: String], json: [String: Any]?) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.timeoutInterval = 5
            request.setValue("Bearer \(NodeProcess.token)", forHTTPHeaderField: "Authorization")
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            if let body { request.httpBody = Data(body.utf8) }
            let (data, response) = try await URLSession.shared.data(for: request)
            let http = response as! HTTPURLResponse
            var fields: [String: String] = [:]
            for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
            return (http.statusCode, fields, try? JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        /// Runs `nailbook haproxy-config` and starts haproxy on the file it wrote.
        static func startProxy(
            _ group: EtcdSuites.FailoverProcessTests.Running, port: Int, servers: Int = 3
        ) async throws -> Process {
            let file = group.group.directories[0] + "-haproxy.cfg"
            let generator = Process()
            generator.executableURL = NodeProcess.binary
            generator.arguments = [
                "haproxy-config", "--etcd", group.group.etcd.endpoints, "--group", "g1", "--listen",
                "127.0.0.1:\(port)", "--output", file,
            ]
            try generator.run()
            generator.waitUntilExit()
            #expect(generator.terminationStatus == 0)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.components(separatedBy: "\n").filter { $0.hasPrefix("    server ") }.count == 2 * servers)
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/sbin/haproxy")
            check.arguments = ["-c", "-q", "-f", file]
            try check.run()
            check.waitUntilExit()
            #expect(check.terminationStatus == 0, "haproxy -c refused the generated configuration")
            let proxy = Process()
            proxy.executableURL = URL(fileURLWithPath: "/usr/sbin/haproxy")
            proxy.arguments = ["-db", "-f", file]
            proxy.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            proxy.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try proxy.run()
            return proxy
        }

        @Test(
            "writes through HAProxy reach the leader and follow a failover; replica reads go to followers; a write on a follower is a retryable 503 naming the leader"
        )
        func routing() async throws {
            let group = try await EtcdSuites.FailoverProcessTests.Running.start()
            defer { group.stop() }
            // Every node registers itself in etcd on its first failover step.
            let etcd = EtcdClient(endpoints: group.group.etcd.members.map(\.clientURL))
            let deadline = ContinuousClock.now + .seconds(10)
            while (try await etcd.list(prefix: GroupKeys(group: "g1").nodes)).count < 3
                && ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(100))
            }
            let port = try FreePort.pick()
            let proxy = try await Self.startProxy(group, port: port)
            defer {
                proxy.terminate()
                proxy.waitUntilExit()
            }
            let leaderName = "g1_127_0_0_1_\(group.leader.port)"
            var routed = false
            for _ in 0..<100 where !routed {
                let health = try? await Self.call(port: port, "GET", "/health")
                routed = health?.headers["x-nailbook-server"] == leaderName
                if !routed { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(routed, "HAProxy never sent a request to the leader")
            let write = try await Self.call(
                port: port, "POST", "/v1/merchants/\(group.salon.merchantID)/customers", body: #"{"displayName":"Via"}"#
            )
            #expect(write.status == 201 && write.headers["x-nailbook-server"] == leaderName)
            // HAProxy starts with every server up until its checks say otherwise (2 failures, 1 s): a round of replica
            // reads served by followers only comes once they have.
            let followerNames = Set(group.followers.map { "g1_127_0_0_1_\($0.port)" })
            var readers = Set<String>()
            for _ in 0..<40 {
                readers = []
                for _ in 0..<6 {
                    let read = try await Self.call(
                        port: port, "GET", "/v1/merchants/\(group.salon.merchantID)/bookings?limit=5",
                        headers: ["X-Nailbook-Read": "replica"])
                    #expect(read.status == 200)
                    if let server = read.headers["x-nailbook-server"] { readers.insert(server) }
                }
                if readers == followerNames { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            #expect(readers == followerNames)
            let onFollower = try await Self.call(
                port: group.followers[0].port, "POST", "/v1/merchants", body: #"{"name":"Wrong node"}"#)
            #expect(onFollower.status == 503 && onFollower.json?["code"] as? String == "not_leader")
            #expect(onFollower.headers["x-nailbook-leader"] == "http://127.0.0.1:\(group.leader.port)")
            #expect(onFollower.headers["retry-after"] != nil)

            // Clients that only know the proxy, while the leader dies.
            let history = FailoverHistory()
            let load = FailoverLoad(salon: group.salon, nodes: [port], history: history)
            async let running: Void = load.run(clients: 6, firstSlot: 0)
            try await Task.sleep(for: .seconds(1.5))
            group.leader.stop(kill: true)
            let killedAt = ContinuousClock.now
            let (new, other, _) = try await group.newLeader()
            var resumed: Duration?
            while resumed == nil && ContinuousClock.now - killedAt < .seconds(30) {
                if history.all.contains(where: { $0.at > killedAt }) { resumed = ContinuousClock.now - killedAt }
                try await Task.sleep(for: .milliseconds(50))
            }
            let enough = ContinuousClock.now + .seconds(20)
            while history.all.filter({ $0.at > killedAt }).count < 50 && ContinuousClock.now < enough {
                try await Task.sleep(for: .milliseconds(100))
            }
            load.stop.store(true, ordering: .relaxed)
            await running
            print(
                "haproxy: writes through the proxy resumed \(resumed.map { "\($0)" } ?? "never") after the leader's SIGKILL"
            )
            #expect(resumed != nil)
            let record = try await EtcdSuites.FailoverProcessTests.leaderRecord(group.group.etcd)
            try await EtcdSuites.FailoverProcessTests.expectHistoryKept(
                history, on: new, group.salon, others: [other], leaderURL: record.url)
        }
    }
}
