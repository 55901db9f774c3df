import Foundation
import ProcessTestSupport
import Replication
import Testing

extension EtcdSuites {
    /// The etcd gateway client against a real 3-member etcd cluster on loopback.
    @Suite("etcd client against a real cluster", .serialized)
    struct EtcdClientTests {
        @Test("leases: granted, kept alive, revoked; a key on a revoked lease vanishes; an expired lease keeps nothing")
        func leases() async throws {
            let cluster = try await EtcdCluster.start()
            defer { cluster.stop() }
            let etcd = EtcdClient(endpoints: cluster.members.map(\.clientURL))
            // Long enough that a loaded machine (the whole suite runs in parallel) cannot let it lapse mid-test.
            let lease = try await etcd.grantLease(ttlSeconds: 60)
            #expect(lease.ttlSeconds == 60)
            #expect(try await etcd.keepAlive(lease.id) == 60)
            try await etcd.put("/t/leased", value: Array("v".utf8), lease: lease.id)
            #expect(try await etcd.get("/t/leased")?.lease == lease.id)
            try await etcd.revoke(lease.id)
            #expect(try await etcd.get("/t/leased") == nil)
            #expect(try await etcd.keepAlive(lease.id) == nil)
            try await etcd.revoke(lease.id)  // gone already: not an error
            let short = try await etcd.grantLease(ttlSeconds: 2)
            try await etcd.put("/t/short", value: [1], lease: short.id)
            try await Task.sleep(for: .seconds(3.5))
            #expect(try await etcd.get("/t/short") == nil)
            #expect(try await etcd.keepAlive(short.id) == nil)
        }

        @Test("a create-if-absent transaction has exactly one winner among concurrent campaigners")
        func oneWinner() async throws {
            let cluster = try await EtcdCluster.start()
            defer { cluster.stop() }
            let etcd = EtcdClient(endpoints: cluster.members.map(\.clientURL))
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await etcd.transaction(
                            if: [.absent("/t/leader")],
                            then: [.put("/t/leader", value: Array("\(index)".utf8), lease: 0)])
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            let stored = try #require(try await etcd.get("/t/leader"))
            #expect(stored.createRevision > 0 && stored.createRevision == stored.modRevision)
            // Compare-and-swap on the revision: the stale one loses, the current one wins.
            #expect(
                try await etcd.transaction(
                    if: [.modRevision("/t/leader", equals: stored.modRevision - 1)], then: [.delete("/t/leader")])
                    == false)
            #expect(
                try await etcd.transaction(
                    if: [.modRevision("/t/leader", equals: stored.modRevision)],
                    then: [.put("/t/leader", value: [9], lease: 0), .put("/t/epoch", value: Array("3".utf8), lease: 0)])
            )
            #expect(try await etcd.get("/t/leader")?.value == [9])
            #expect(try await etcd.get("/t/epoch")?.value == Array("3".utf8))
            #expect(try await etcd.transaction(if: [.modRevision("/t/absent", equals: 0)], then: []))
        }

        @Test("prefix listing; a dead member is skipped; no live member is an unreachable error")
        func listingAndEndpoints() async throws {
            let cluster = try await EtcdCluster.start()
            defer { cluster.stop() }
            let dead = "http://127.0.0.1:\(try FreePort.pick())"
            let etcd = EtcdClient(endpoints: [dead] + cluster.members.map(\.clientURL))
            for name in ["a", "b", "c"] { try await etcd.put("/t/members/\(name)", value: Array(name.utf8)) }
            try await etcd.put("/t/membersX", value: [0])
            try await etcd.put("/t/member", value: [0])
            let listed = try await etcd.list(prefix: "/t/members/")
            #expect(listed.map(\.key) == ["/t/members/a", "/t/members/b", "/t/members/c"])
            let nobody = EtcdClient(endpoints: [dead], timeout: .milliseconds(500))
            await #expect(throws: EtcdError.self) { try await nobody.get("/t/member") }
            do {
                _ = try await nobody.get("/t/member")
            } catch {
                #expect(error.kind == .unreachable)
            }
        }
    }
}
