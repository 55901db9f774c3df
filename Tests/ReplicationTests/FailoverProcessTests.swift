import Foundation
import ProcessTestSupport
import Replication
import Testing

extension EtcdSuites {
    /// Automatic failover through a real 3-member etcd cluster: a group of a leader and two followers (`--etcd`, leases
    /// of 3 s, `--sync-replicas 1`) under a steady booking load; the leader killed with SIGKILL, or paused with SIGSTOP
    /// for longer than its lease.
    @Suite("Failover through etcd with real processes", .serialized)
    struct FailoverProcessTests {
        static let ttl = 3

        struct Group {
            let etcd: EtcdCluster
            var name = "g1"
            let ports: [Int]
            let directories: [String]
            var arguments: [String] {
                [
                    "--etcd", etcd.endpoints, "--group", name, "--lease-ttl-seconds", "\(FailoverProcessTests.ttl)",
                    "--sync-replicas", "1",
                ]
            }

            func start(_ index: Int, follow: Int? = nil) async throws -> NodeProcess {
                try await NodeProcess.start(
                    directory: directories[index], followURL: follow.map { "http://127.0.0.1:\(ports[$0])" },
                    port: ports[index], extra: arguments)
            }
        }

        static func makeGroup(_ name: String = "g1", etcd: EtcdCluster? = nil, size: Int = 3) async throws -> Group {
            let cluster: EtcdCluster
            if let etcd { cluster = etcd } else { cluster = try await EtcdCluster.start() }
            return Group(
                etcd: cluster, name: name,
                ports: try (0..<size).map { _ in try FreePort.pick() },
                directories: (0..<size).map { _ in NodeProcess.temporaryDirectory() })
        }

        /// Waits until `node`'s `/health` satisfies `condition`; returns how long it took.
        @discardableResult
        static func wait(
            for node: NodeProcess, seconds: Double = 20, _ what: String, _ condition: ([String: Any]) -> Bool
        ) async throws -> Duration {
            let started = ContinuousClock.now
            while ContinuousClock.now - started < .milliseconds(Int(seconds * 1000)) {
                if let health = try? await node.call("GET", "/health").json, condition(health) {
                    return ContinuousClock.now - started
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw TestFailure("node on port \(node.port) never became \(what)")
        }

        static func isWritableLeader(_ health: [String: Any]) -> Bool {
            health["role"] as? String == "leader" && health["status"] as? String == "ok"
                && (health["failover"] as? [String: Any])?["holdsLease"] as? Bool == true
        }

        /// The group's leader record in etcd.
        static func leaderRecord(_ etcd: EtcdCluster) async throws -> LeaderRecord {
            let client = EtcdClient(endpoints: etcd.members.map(\.clientURL))
            let stored = try #require(try await client.get(GroupKeys(group: "g1").leader))
            return try #require(LeaderRecord(bytes: stored.value))
        }

        /// A running group: the leader (node 0) and two followers, all streaming, and a salon on the leader.
        struct Running {
            let group: Group
            var leader: NodeProcess
            let followers: [NodeProcess]
            let salon: ReplicatedSalon

            static func start(_ name: String = "g1", etcd: EtcdCluster? = nil, size: Int = 3) async throws -> Running {
                let group = try await FailoverProcessTests.makeGroup(name, etcd: etcd, size: size)
                let leader = try await group.start(0)
                try await FailoverProcessTests.wait(for: leader, "the leader", FailoverProcessTests.isWritableLeader)
                var followers: [NodeProcess] = []
                for index in 1..<size { followers.append(try await group.start(index, follow: 0)) }
                for follower in followers {
                    try await FailoverProcessTests.wait(for: follower, "a streaming follower") {
                        $0["connection"] as? String == "streaming"
                    }
                }
                return Running(
                    group: group, leader: leader, followers: followers,
                    salon: try await ReplicatedSalon.make(on: leader))
            }

            /// Six clients' worth of load over every node of the group, and its history.
            func load() -> (FailoverHistory, FailoverLoad) {
                let history = FailoverHistory()
                return (history, FailoverLoad(salon: salon, nodes: group.ports, history: history))
            }

            func stop() {
                kill(leader.process.processIdentifier, SIGCONT)
                for node in [leader] + followers { node.stop() }
                group.etcd.stop()
            }

            /// Waits until one of the followers leads, writable; returns it, the other one, and how long it took.
            func newLeader(seconds: Double = 30) async throws -> (NodeProcess, NodeProcess, Duration) {
                let started = ContinuousClock.now
                while ContinuousClock.now - started < .milliseconds(Int(seconds * 1000)) {
                    for (index, follower) in followers.enumerated() {
                        if let health = try? await follower.call("GET", "/health").json,
                            FailoverProcessTests.isWritableLeader(health)
                        {
                            return (follower, followers[1 - index], ContinuousClock.now - started)
                        }
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                throw TestFailure("no follower took over")
            }
        }

        /// Runs the load until `new` acknowledged 50 bookings (or 20 s), then stops it.
        static func finish(_ load: FailoverLoad, _ history: FailoverHistory, new: NodeProcess) async throws {
            let deadline = ContinuousClock.now + .seconds(20)
            while history.by(new.port).count < 50 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            load.stop.store(true, ordering: .relaxed)
        }

        /// Every acknowledged booking is on `new`, no two bookings overlap, and `others` end with `new`'s state.
        static func expectHistoryKept(
            _ history: FailoverHistory, on new: NodeProcess, _ salon: ReplicatedSalon, others: [NodeProcess],
            leaderURL: String
        ) async throws {
            let listed = try await bookings(on: new, salon)
            let present = Set(listed.compactMap { $0["id"] as? String })
            let lost = history.all.filter { !present.contains($0.id) }
            print("failover: \(history.all.count) bookings acknowledged, \(lost.count) missing on the new leader")
            #expect(lost.isEmpty)  // synchronous replication: every acknowledged write was on a live follower
            try expectNoOverlap(listed)
            for node in others {
                try await wait(for: node, "a follower of the new leader") { follows($0, leaderURL) }
                let write = try await node.call("POST", "/v1/merchants", body: #"{"name":"nope"}"#)
                #expect(write.status == 503 || write.status == 403)
                let (lsn, _) = try await new.state()
                try await node.waitFor(lsn: lsn)
                #expect(try await node.state() == new.state())
            }
        }

        @Test(
            "SIGKILL of the leader under load: a follower leads within seconds, every acknowledged booking survives, the old leader rejoins"
        )
        func killedLeader() async throws {
            var group = try await Running.start()
            defer { group.stop() }
            let (history, load) = group.load()
            async let running: Void = load.run(clients: 6, firstSlot: 0)
            try await Task.sleep(for: .seconds(1.5))
            let old = group.leader
            let beforeKill = history.by(old.port).count
            old.stop(kill: true)
            let killedAt = ContinuousClock.now
            let (new, other, took) = try await group.newLeader()
            try await Self.finish(load, history, new: new)
            await running
            let firstNewAck = try #require(history.by(new.port).map(\.at).min(), "the new leader acknowledged nothing")
            print(
                "failover: leader killed → a follower leads in \(took) (lease \(Self.ttl) s); its first acknowledged write \(firstNewAck - killedAt) after the kill; \(beforeKill) bookings acknowledged before the kill, \(history.by(new.port).count) after"
            )
            #expect(beforeKill > 0)
            #expect(took < .seconds(3 * Self.ttl))
            let record = try await Self.leaderRecord(group.group.etcd)
            #expect(record.url == "http://127.0.0.1:\(new.port)" && record.epoch >= 1)
            // The old leader comes back with its old command line: it cuts what it wrote that no follower confirmed,
            // follows the new leader and ends up with the same state, as does the other follower.
            group.leader = try await group.group.start(0)
            try await Self.expectHistoryKept(
                history, on: new, group.salon, others: [other, group.leader], leaderURL: record.url)
        }

        @Test(
            "SIGSTOP of the leader for longer than its lease: a follower takes over; the old leader acknowledges nothing after, and follows"
        )
        func pausedLeader() async throws {
            var group = try await Running.start()
            defer { group.stop() }
            let (history, load) = group.load()
            async let running: Void = load.run(clients: 6, firstSlot: 0)
            try await Task.sleep(for: .seconds(1.5))
            let old = group.leader
            kill(old.process.processIdentifier, SIGSTOP)
            let (new, other, took) = try await group.newLeader()
            print("pause: a follower leads \(took) after the SIGSTOP")
            try await Task.sleep(for: .seconds(1))
            kill(old.process.processIdentifier, SIGCONT)
            // Thawed, it finds a later epoch: it follows at once, or, when its log holds records no follower confirmed,
            // records the cut and exits with status 75 for systemd to start it again; here the test restarts it.
            let record = try await Self.leaderRecord(group.group.etcd)
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if !group.leader.process.isRunning {
                    #expect(group.leader.process.terminationStatus == 75)
                    print("pause: the old leader exited to cut its unconfirmed tail; restarted")
                    group.leader = try await group.group.start(0)
                }
                if let health = try? await group.leader.call("GET", "/health").json, Self.follows(health, record.url) {
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Self.finish(load, history, new: new)
            await running
            let late = history.oldAcksAfterNewLeader(old: old.port, new: new.port)
            print(
                "pause: \(history.by(old.port).count) acknowledged by the old leader, \(history.by(new.port).count) by the new one; old acknowledgements after the new leader's first: \(late.count)"
            )
            #expect(late.isEmpty)
            #expect(history.by(new.port).count > 0)
            try await Self.expectHistoryKept(
                history, on: new, group.salon, others: [other, group.leader], leaderURL: record.url)
        }

        @Test(
            "etcd loses its quorum: writes stop within a lease, reads go on, nothing acknowledged is lost; writes resume when it is back"
        )
        func quorumLoss() async throws {
            let group = try await Running.start()
            let members = group.group.etcd.members
            defer {
                for member in members { kill(member.process.processIdentifier, SIGCONT) }
                group.stop()
            }
            let (history, load) = group.load()
            async let running: Void = load.run(clients: 6, firstSlot: 0)
            try await Task.sleep(for: .seconds(1.5))
            for member in members.prefix(2) { kill(member.process.processIdentifier, SIGSTOP) }
            let lostAt = ContinuousClock.now
            let took = try await Self.wait(for: group.leader, seconds: 15, "a leader without its lease") {
                !Self.isWritableLeader($0)
            }
            try await Task.sleep(for: .seconds(2))
            // No write is acknowledged once the last lease renewal (sent before the quorum went) could have expired.
            let late = history.all.filter { $0.at > lostAt + .seconds(Self.ttl) }
            print("quorum loss: writes stopped \(took) after; acknowledged after the lease could expire: \(late.count)")
            #expect(late.isEmpty)
            #expect(took < .seconds(Self.ttl + 2))
            // The leader says so in its metrics too (the alerts watch them).
            let metrics = String(decoding: try await group.leader.call("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains(#"nailbook_writes_available{role="leader"} 0"#))
            #expect(metrics.contains("nailbook_sync_replicas_required 1"))
            // Reads go on everywhere.
            for node in [group.leader] + group.followers {
                let read = try await node.call("GET", "/v1/merchants/\(group.salon.merchantID)/bookings?limit=5")
                #expect(read.status == 200)
            }
            for member in members.prefix(2) { kill(member.process.processIdentifier, SIGCONT) }
            try await group.group.etcd.waitUntilHealthy()
            let nodes = [group.leader] + group.followers
            var leader: NodeProcess?
            let deadline = ContinuousClock.now + .seconds(30)
            while leader == nil && ContinuousClock.now < deadline {
                for node in nodes {
                    if let health = try? await node.call("GET", "/health").json, Self.isWritableLeader(health) {
                        leader = node
                    }
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let resumed = try #require(leader, "no node took writes again")
            try await Self.finish(load, history, new: resumed)
            await running
            print("quorum loss: writes resumed on \(resumed === group.leader ? "the same leader" : "a new leader")")
            let record = try await Self.leaderRecord(group.group.etcd)
            try await Self.expectHistoryKept(
                history, on: resumed, group.salon, others: nodes.filter { $0 !== resumed }, leaderURL: record.url)
        }

        @Test("a manual promotion goes through etcd: the new leader takes the key over, the old one follows it")
        func manualPromotion() async throws {
            let group = try await Self.makeGroup()
            defer { group.etcd.stop() }
            let old = try await group.start(0)
            try await Self.wait(for: old, "the leader", Self.isWritableLeader)
            let new = try await group.start(1, follow: 0)
            defer {
                old.stop()
                new.stop()
            }
            try await Self.wait(for: new, "a streaming follower") { $0["connection"] as? String == "streaming" }
            let salon = try await ReplicatedSalon.make(on: old)
            let (ids, lsn) = try await salon.bookMany(on: old, from: 0, count: 40)
            try await new.waitFor(lsn: lsn)
            let promoted = try await new.call("POST", "/v1/admin/promote")
            #expect(promoted.status == 200 && promoted.json?["oldLeaderFenced"] as? Bool == true)
            let took = try await Self.wait(for: new, seconds: 10, "the leader", Self.isWritableLeader)
            print("manual promotion: writable \(took) after the answer")
            let record = try await Self.leaderRecord(group.etcd)
            #expect(record.url == "http://127.0.0.1:\(new.port)" && record.epoch >= 1)
            try await Self.wait(for: old, "a follower of the new leader") { health in
                health["role"] as? String == "follower" && health["leader"] as? String == record.url
                    && health["connection"] as? String == "streaming"
            }
            // Some seconds later (more than a lease) the key is still the new leader's: the old one keeps no claim.
            try await Task.sleep(for: .seconds(Double(Self.ttl) + 1))
            #expect(try await Self.leaderRecord(group.etcd).url == record.url)
            let more = try await salon.bookMany(on: new, from: 100, count: 20)
            #expect(more.0.count == 20)
            try await old.waitFor(lsn: more.1)
            #expect(try await old.state() == new.state())
            #expect(ids.count == 40)
        }

        /// A healthy follower streaming from `leader`.
        static func follows(_ health: [String: Any], _ leader: String) -> Bool {
            health["status"] as? String == "ok" && health["role"] as? String == "follower"
                && health["leader"] as? String == leader && health["connection"] as? String == "streaming"
        }

        /// Every booking of the salon on `node`, page by page.
        static func bookings(on node: NodeProcess, _ salon: ReplicatedSalon) async throws -> [[String: Any]] {
            var all: [[String: Any]] = []
            var cursor: String?
            repeat {
                let path =
                    "/v1/merchants/\(salon.merchantID)/bookings?limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try #require(try await node.call("GET", path).json)
                all += (page["bookings"] as? [[String: Any]]) ?? []
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            return all
        }

        /// No two bookings of the technician overlap.
        static func expectNoOverlap(_ bookings: [[String: Any]]) throws {
            let formatter = ISO8601DateFormatter()
            let ranges = bookings.compactMap { booking -> (Date, Date)? in
                guard booking["status"] as? String != "cancelled",
                    let start = (booking["startsAt"] as? String).flatMap(formatter.date(from:)),
                    let end = (booking["endsAt"] as? String).flatMap(formatter.date(from:))
                else { return nil }
                return (start, end)
            }.sorted { $0.0 < $1.0 }
            #expect(ranges.count == bookings.count)
            for (earlier, later) in zip(ranges, ranges.dropFirst()) { #expect(earlier.1 <= later.0) }
        }
    }
}
