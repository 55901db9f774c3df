import Foundation
import ProcessTestSupport
import Replication
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension EtcdSuites {
    /// Salons spread over two leader groups behind HAProxy, with the shard map in etcd.
    @Suite("Shards: two leader groups behind HAProxy", .serialized)
    struct ShardProcessTests {
        /// Refuses redirects, so a test sees the 307 itself.
        final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
            func urlSession(
                _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
            ) {
                completionHandler(nil)
            }
        }

        static let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)

        /// One request, redirects not followed.
        static func call(
            _ url: String, _ method: String, body: String? = nil
        ) async throws -> (status: Int, headers: [String: String], json: [String: Any]?) {
            var request = URLRequest(url: URL(string: url)!)
            request.httpMethod = method
            request.timeoutInterval = 5
            request.setValue("Bearer \(NodeProcess.token)", forHTTPHeaderField: "Authorization")
            if let body { request.httpBody = Data(body.utf8) }
            let (data, response) = try await session.data(for: request)
            let http = response as! HTTPURLResponse
            var fields: [String: String] = [:]
            for (name, value) in http.allHeaderFields { fields["\(name)".lowercased()] = "\(value)" }
            return (http.statusCode, fields, try? JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        /// A request that follows one 307 (method and body kept), as an API client would.
        static func following(_ url: String, _ method: String, body: String? = nil) async throws -> (
            status: Int, headers: [String: String], json: [String: Any]?, redirected: Bool
        ) {
            let first = try await call(url, method, body: body)
            guard first.status == 307, let location = first.headers["location"] else {
                return (first.status, first.headers, first.json, false)
            }
            let second = try await call(location, method, body: body)
            return (second.status, second.headers, second.json, true)
        }

        @Test(
            "new salons go to the group with the fewest; HAProxy sends each salon's requests to its group; a wrong group redirects; one group's failover leaves the other alone"
        )
        func twoGroups() async throws {
            let first = try await FailoverProcessTests.Running.start("g1")
            defer { first.stop() }
            let second = try await FailoverProcessTests.Running.start("g2", etcd: first.group.etcd, size: 2)
            defer { second.stop() }
            let etcd = EtcdClient(endpoints: first.group.etcd.members.map(\.clientURL))
            // Each group created its test salon on itself: g1 first (alone), then g2 (the fewest).
            let deadline = ContinuousClock.now + .seconds(10)
            var map = ShardMap()
            while map.groups.count < 2 && ContinuousClock.now < deadline {
                map = ShardMap(shards: try await etcd.list(prefix: ShardMap.prefix()), groupKeys: [])
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(map.groups[first.salon.merchantID] == "g1" && map.groups[second.salon.merchantID] == "g2")

            // Four more salons through a leader of g1: they alternate, the ones for g2 by a redirect to its leader.
            let g1 = "http://127.0.0.1:\(first.leader.port)"
            let g2 = "http://127.0.0.1:\(second.leader.port)"
            var placed: [String: String] = [:]
            for index in 0..<4 {
                let made = try await Self.following(g1 + "/v1/merchants", "POST", body: #"{"name":"Salon \#(index)"}"#)
                #expect(made.status == 201)
                let id = try #require(made.json?["id"] as? String)
                placed[id] = made.redirected ? "g2" : "g1"
            }
            #expect(placed.values.filter { $0 == "g1" }.count == 2 && placed.values.filter { $0 == "g2" }.count == 2)
            map = ShardMap(shards: try await etcd.list(prefix: ShardMap.prefix()), groupKeys: [])
            for (id, group) in placed { #expect(map.groups[id] == group, "\(id)") }

            // A node of the wrong group answers with a redirect to the right leader, and writes nothing.
            let wrong = try await Self.call(
                g1 + "/v1/merchants/\(second.salon.merchantID)/customers", "POST", body: #"{"displayName":"X"}"#)
            #expect(wrong.status == 307)
            #expect(wrong.headers["location"] == g2 + "/v1/merchants/\(second.salon.merchantID)/customers")
            // A follower of g1 too, once its map (read about once a second) has the salon.
            var onFollower = try await Self.call(
                "http://127.0.0.1:\(first.followers[0].port)/book/\(second.salon.merchantID)", "GET")
            for _ in 0..<50 where onFollower.status != 307 {
                try await Task.sleep(for: .milliseconds(100))
                onFollower = try await Self.call(
                    "http://127.0.0.1:\(first.followers[0].port)/book/\(second.salon.merchantID)", "GET")
            }
            #expect(
                onFollower.status == 307 && onFollower.headers["x-nailbook-leader"] == g2,
                "\(onFollower.status) \(onFollower.headers)")

            // HAProxy with the map: each salon's requests reach its own group's leader.
            let port = try FreePort.pick()
            let proxy = try await HAProxyProcessTests.startProxy(first, port: port, servers: 5)
            defer {
                proxy.terminate()
                proxy.waitUntilExit()
            }
            let names = ["g1": "g1_127_0_0_1_\(first.leader.port)", "g2": "g2_127_0_0_1_\(second.leader.port)"]
            // HAProxy starts with every server up until its checks say otherwise (about 1 s).
            for (salon, group) in [(first.salon, "g1"), (second.salon, "g2")] {
                var routed = false
                for _ in 0..<100 where !routed {
                    let probe = try? await HAProxyProcessTests.call(
                        port: port, "GET", "/v1/merchants/\(salon.merchantID)/bookings?limit=1")
                    routed = probe?.headers["x-nailbook-server"] == names[group]
                    if !routed { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(routed, "HAProxy never sent \(group)'s salon to its leader")
            }
            for (salon, group) in [(first.salon, "g1"), (second.salon, "g2")] {
                let booked = try await HAProxyProcessTests.call(
                    port: port, "POST", "/v1/merchants/\(salon.merchantID)/customers", body: #"{"displayName":"Via"}"#)
                #expect(
                    booked.status == 201 && booked.headers["x-nailbook-server"] == names[group],
                    "\(group): \(booked.status) \(booked.headers) \(String(describing: booked.json))")
            }

            // Both groups under load through the proxy; g1's leader dies: g2 goes on, g1 comes back.
            let history1 = FailoverHistory()
            let history2 = FailoverHistory()
            let load1 = FailoverLoad(salon: first.salon, nodes: [port], history: history1)
            let load2 = FailoverLoad(salon: second.salon, nodes: [port], history: history2)
            async let running1: Void = load1.run(clients: 3, firstSlot: 0)
            async let running2: Void = load2.run(clients: 3, firstSlot: 0)
            try await Task.sleep(for: .seconds(1.5))
            first.leader.stop(kill: true)
            let killedAt = ContinuousClock.now
            let (new, other, took) = try await first.newLeader()
            let enough = ContinuousClock.now + .seconds(20)
            while history1.all.filter({ $0.at > killedAt }).count < 30 && ContinuousClock.now < enough {
                try await Task.sleep(for: .milliseconds(100))
            }
            load1.stop.store(true, ordering: .relaxed)
            load2.stop.store(true, ordering: .relaxed)
            await running1
            await running2
            let during = history2.all.filter { $0.at > killedAt && $0.at < killedAt + took }
            print("shards: g1 failed over in \(took); g2 acknowledged \(during.count) bookings meanwhile")
            #expect(!during.isEmpty)
            let record = try await FailoverProcessTests.leaderRecord(first.group.etcd)
            try await FailoverProcessTests.expectHistoryKept(
                history1, on: new, first.salon, others: [other], leaderURL: record.url)
            try await FailoverProcessTests.expectHistoryKept(
                history2, on: second.leader, second.salon, others: second.followers, leaderURL: g2)
        }
    }
}
