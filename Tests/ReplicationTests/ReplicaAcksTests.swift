import Replication
import Testing

/// Synchronous replication's bookkeeping on the leader: the N-th highest report, stale followers, waiting.
@Suite("Replica acknowledgements")
struct ReplicaAcksTests {
    @Test("the confirmed LSN is the required-th highest report; reports never go back")
    func confirmed() {
        let acks = ReplicaAcks(required: 2)
        #expect(acks.confirmedLSN == 0)
        acks.acknowledged(follower: "a", lsn: 10)
        #expect(acks.confirmedLSN == 0 && acks.confirming == 1)
        acks.acknowledged(follower: "b", lsn: 7)
        #expect(acks.confirmedLSN == 7)
        acks.acknowledged(follower: "c", lsn: 12)
        #expect(acks.confirmedLSN == 10)
        acks.acknowledged(follower: "a", lsn: 3)  // late, older: ignored
        #expect(acks.confirmedLSN == 10)
        #expect(ReplicaAcks(required: 0).confirmedLSN == .max)
    }

    @Test("a waiting write resumes when enough followers report its LSN, and fails after the timeout otherwise")
    func waiting() async {
        // Reports stay fresh for a minute: a loaded machine must not make them stale between two lines.
        let acks = ReplicaAcks(required: 1, staleAfter: .seconds(60))
        #expect(await acks.wait(for: 5, timeout: .milliseconds(50)) == false)
        async let waited = acks.wait(for: 5, timeout: .seconds(30))
        try? await Task.sleep(for: .milliseconds(50))
        acks.acknowledged(follower: "a", lsn: 4)
        try? await Task.sleep(for: .milliseconds(20))
        acks.acknowledged(follower: "a", lsn: 6)
        let started = ContinuousClock.now
        #expect(await waited)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(await acks.wait(for: 6, timeout: .milliseconds(1)))  // confirmed already
        #expect(await ReplicaAcks(required: 0).wait(for: 99, timeout: .zero))
    }

    @Test("a follower that stopped reporting no longer counts")
    func stale() async throws {
        let acks = ReplicaAcks(required: 1, staleAfter: .milliseconds(100))
        acks.acknowledged(follower: "a", lsn: 9)
        #expect(acks.confirmedLSN == 9)
        try await Task.sleep(for: .milliseconds(200))
        #expect(acks.confirmedLSN == 0 && acks.confirming == 0)
        #expect(await acks.wait(for: 9, timeout: .milliseconds(50)) == false)
        acks.acknowledged(follower: "a", lsn: 9)
        #expect(await acks.wait(for: 9, timeout: .milliseconds(50)))
    }
}
