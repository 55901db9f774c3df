import Foundation
import ProcessTestSupport
import Testing

/// Replication with real processes on loopback: a leader, followers, kills, restarts, promotion.
@Suite("Replication with real processes", .serialized)
struct ReplicationProcessTests {
    @Test("a leader and two followers converge under concurrent writes; every booking reads on every follower")
    func twoFollowersConverge() async throws {
        let leader = try await NodeProcess.start()
        let first = try await NodeProcess.start(follow: leader)
        let second = try await NodeProcess.start(follow: leader)
        defer { for node in [leader, first, second] { node.stop() } }
        let salon = try await ReplicatedSalon.make(on: leader)
        let (ids, lastLSN) = try await salon.bookMany(on: leader, from: 0, count: 300)
        #expect(ids.count == 300)
        for follower in [first, second] {
            try await follower.waitFor(lsn: lastLSN)
            #expect(try await follower.state() == leader.state())
            for id in ids.prefix(50) {
                let answer = try await follower.call("GET", "/v1/merchants/\(salon.merchantID)/bookings/\(id)")
                #expect(answer.status == 200)
            }
            let list = try await follower.call("GET", "/v1/merchants/\(salon.merchantID)/bookings?limit=500")
            #expect((list.json?["bookings"] as? [Any])?.count == 300)
            let health = try await follower.call("GET", "/health").json
            #expect(health?["role"] as? String == "follower" && health?["connection"] as? String == "streaming")
        }
        let write = try await first.call("POST", "/v1/merchants", body: #"{"name":"nope"}"#)
        #expect(write.status == 403 && write.headers["x-nailbook-leader"] == "http://127.0.0.1:\(leader.port)")
    }

    @Test("a frame damaged on the way is rejected: the follower reconnects and never applies a bad record")
    func corruptedFrameRejected() async throws {
        let leader = try await NodeProcess.start()
        defer { leader.stop() }
        let salon = try await ReplicatedSalon.make(on: leader)
        _ = try await salon.bookMany(on: leader, from: 0, count: 40)
        // Byte 3,000 of the first stream lies inside its frames (the catch-up of the writes above).
        let proxy = try CorruptingProxy(upstreamPort: leader.port, corruptingByte: 3_000)
        defer { proxy.stop() }
        let follower = try await NodeProcess.start(followURL: "http://127.0.0.1:\(proxy.port)")
        defer { follower.stop() }
        let (_, lastLSN) = try await salon.bookMany(on: leader, from: 40, count: 200)
        try await follower.waitFor(lsn: lastLSN)
        #expect(proxy.flipped, "the stream never reached byte 3,000")
        #expect(try await follower.state() == leader.state())
        let metrics = String(decoding: try await follower.call("GET", "/metrics").body, as: UTF8.self)
        let reconnects = metrics.split(separator: "\n").first { $0.hasPrefix("replication_reconnects_total ") }
        #expect(
            reconnects.map { !$0.hasSuffix(" 0") } == true, "no reconnect after the damage: \(reconnects ?? "none")")
    }

    @Test("a follower killed with SIGKILL mid-stream resumes from its own LSN and converges")
    func followerKilled() async throws {
        let leader = try await NodeProcess.start()
        let directory = NodeProcess.temporaryDirectory()
        var follower = try await NodeProcess.start(directory: directory, follow: leader)
        defer { leader.stop() }
        let salon = try await ReplicatedSalon.make(on: leader)
        async let writes = salon.bookMany(on: leader, from: 0, count: 400, clients: 4)
        try await Task.sleep(for: .milliseconds(300))
        follower.stop(kill: true)
        let (_, lastLSN) = try await writes
        let (_, moreLSN) = try await salon.bookMany(on: leader, from: 400, count: 50)
        follower = try await NodeProcess.start(directory: directory, follow: leader)
        defer { follower.stop() }
        try await follower.waitFor(lsn: max(lastLSN, moreLSN))
        #expect(try await follower.state() == leader.state())
        let metrics = String(decoding: try await follower.call("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("replication_bytes_total"))
    }

    @Test("followers reconnect to a restarted leader and converge")
    func leaderRestarted() async throws {
        let directory = NodeProcess.temporaryDirectory()
        var leader = try await NodeProcess.start(directory: directory)
        let salon = try await ReplicatedSalon.make(on: leader)
        _ = try await salon.bookMany(on: leader, from: 0, count: 50)
        let port = leader.port
        let follower = try await NodeProcess.start(follow: leader)
        defer { follower.stop() }
        leader.stop()
        leader = try await NodeProcess.start(directory: directory, port: port)
        defer { leader.stop() }
        let (_, lastLSN) = try await salon.bookMany(on: leader, from: 50, count: 50)
        try await follower.waitFor(lsn: lastLSN)
        #expect(try await follower.state() == leader.state())
        let health = try await follower.call("GET", "/health").json
        #expect((health?["lagRecords"] as? Int) == 0)
    }

    @Test("an empty follower catches up through the snapshot when the leader pruned its old log")
    func catchUpThroughSnapshot() async throws {
        let leader = try await NodeProcess.start(extra: [
            "--snapshot-every-records", "100", "--segment-size-bytes", "8192",
        ])
        defer { leader.stop() }
        let salon = try await ReplicatedSalon.make(on: leader)
        _ = try await salon.bookMany(on: leader, from: 0, count: 200)
        // Force snapshots (every 100 records, checked every second), which prune the segments before them.
        try await Task.sleep(for: .milliseconds(2_500))
        let (_, lastLSN) = try await salon.bookMany(on: leader, from: 200, count: 20)
        let pruned = try await leader.call("GET", "/v1/admin/state").json?["logFirstLsn"] as? Int ?? 1
        #expect(pruned > 1, "the leader still holds its whole log, so the snapshot path is not exercised")
        let follower = try await NodeProcess.start(follow: leader)
        defer { follower.stop() }
        try await follower.waitFor(lsn: lastLSN)
        #expect(try await follower.state() == leader.state())
        let booked = try await salon.book(on: leader, slot: 5_000)
        try await follower.waitFor(lsn: booked?.lsn ?? 0)
        #expect(try await follower.state() == leader.state())
    }

    @Test("read-your-writes: a read with X-Nailbook-Min-LSN on a follower always sees the write")
    func readYourWrites() async throws {
        let leader = try await NodeProcess.start()
        let follower = try await NodeProcess.start(follow: leader)
        defer { for node in [leader, follower] { node.stop() } }
        let salon = try await ReplicatedSalon.make(on: leader)
        for slot in 0..<30 {
            let (id, lsn) = try #require(try await salon.book(on: leader, slot: slot))
            let read = try await follower.call(
                "GET",
                "/v1/merchants/\(salon.merchantID)/bookings/\(id)",
                headers: ["X-Nailbook-Min-LSN": String(lsn)]
            )
            #expect(read.status == 200, "slot \(slot)")
            #expect(Int(read.headers["x-nailbook-applied-lsn"] ?? "") ?? 0 >= lsn)
        }
        let future = try await follower.call(
            "GET", "/v1/merchants/\(salon.merchantID)", headers: ["X-Nailbook-Min-LSN": "999999"])
        #expect(future.status == 503 && future.json?["code"] as? String == "replica_lagging")
    }

    @Test("a promoted follower takes writes; its followers refuse the lower epoch of an old leader it could not fence")
    func promotion() async throws {
        let oldDirectory = NodeProcess.temporaryDirectory()
        var oldLeader = try await NodeProcess.start(directory: oldDirectory)
        let candidate = try await NodeProcess.start(follow: oldLeader)
        defer { for node in [oldLeader, candidate] { node.stop() } }
        let salon = try await ReplicatedSalon.make(on: oldLeader)
        let (_, lastLSN) = try await salon.bookMany(on: oldLeader, from: 0, count: 20)
        try await candidate.waitFor(lsn: lastLSN)
        // The old leader is down at promotion, so it cannot be fenced (the failover of a dead leader)…
        oldLeader.stop()
        let promoted = try await candidate.call("POST", "/v1/admin/promote")
        #expect(promoted.status == 200 && promoted.json?["epoch"] as? Int == 1)
        #expect(promoted.json?["oldLeaderFenced"] as? Bool == false)
        #expect(try await salon.book(on: candidate, slot: 100) != nil)
        // A follower of the new leader, pointed by mistake at the old leader, must refuse its epoch-0 history.
        let newFollower = try await NodeProcess.start(follow: candidate)
        defer { newFollower.stop() }
        try await newFollower.waitFor(lsn: try await candidate.state().lsn)
        let directory = newFollower.directory
        newFollower.stop()
        // …and comes back on another port, where the new leader's background fence does not reach it: it diverges.
        oldLeader = try await NodeProcess.start(directory: oldDirectory)
        _ = try await salon.bookMany(on: oldLeader, from: 200, count: 10)
        let confused = try await NodeProcess.start(directory: directory, follow: oldLeader)
        defer { confused.stop() }
        try await Task.sleep(for: .seconds(2))
        #expect(try await confused.state() == candidate.state())
        let metrics = String(decoding: try await confused.call("GET", "/metrics").body, as: UTF8.self)
        let reconnects = metrics.split(separator: "\n").first { $0.hasPrefix("replication_reconnects_total ") }
        #expect(Int(reconnects?.split(separator: " ").last ?? "") ?? 0 >= 1, "the old leader's frames were accepted")
    }
}
