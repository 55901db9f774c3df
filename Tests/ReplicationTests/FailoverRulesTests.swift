import Replication
import Testing

/// The pure rules of failover: fencing by time, who campaigns first, the keys and records.
@Suite("Failover rules")
struct FailoverRulesTests {
    @Test("a lease allows writes until the TTL minus the margin, counted from when the keepalive was sent")
    func fencingByTime() {
        var clock = LeaseClock(ttl: .seconds(5))
        #expect(clock.margin == .seconds(1))
        #expect(clock.renewalInterval < clock.ttl - clock.margin)
        let sent = ContinuousClock.now
        #expect(!clock.allowsWrites(at: sent))
        clock.renewed(sentAt: sent, granted: .seconds(5))
        #expect(clock.allowsWrites(at: sent + .milliseconds(3_999)))
        #expect(!clock.allowsWrites(at: sent + .seconds(4)))
        // A later answer to an earlier keepalive never shortens the deadline; a larger grant is capped at the TTL.
        clock.renewed(sentAt: sent - .seconds(2), granted: .seconds(5))
        #expect(clock.allowsWrites(at: sent + .milliseconds(3_999)))
        clock.renewed(sentAt: sent, granted: .seconds(60))
        #expect(!clock.allowsWrites(at: sent + .seconds(4)))
        // etcd may grant less than asked: the deadline follows the grant.
        var short = LeaseClock(ttl: .seconds(5))
        short.renewed(sentAt: sent, granted: .seconds(3))
        #expect(!short.allowsWrites(at: sent + .seconds(2)))
        clock.lapse()
        #expect(!clock.allowsWrites(at: sent))
        #expect(LeaseClock(ttl: .seconds(2)).margin == .milliseconds(500))
        #expect(LeaseClock(ttl: .seconds(30)).margin == .seconds(6))
    }

    @Test("the furthest log campaigns at once, ties go to the smaller URL, each one behind waits a step more")
    func campaignOrder() {
        let a = MemberRecord(url: "http://a:1", durableLsn: 100)
        let b = MemberRecord(url: "http://b:1", durableLsn: 100)
        let c = MemberRecord(url: "http://c:1", durableLsn: 90)
        let d = MemberRecord(url: "http://d:1", durableLsn: 120)
        let all = [a, b, c, d]
        #expect(CampaignOrder.delay(own: d, others: all, step: .seconds(1)) == .zero)
        #expect(CampaignOrder.delay(own: a, others: all, step: .seconds(1)) == .seconds(1))
        #expect(CampaignOrder.delay(own: b, others: all, step: .seconds(1)) == .seconds(2))
        #expect(CampaignOrder.delay(own: c, others: all, step: .seconds(1)) == .seconds(3))
        // Alone, or not yet listed: at once.
        #expect(CampaignOrder.delay(own: c, others: [], step: .seconds(1)) == .zero)
    }

    @Test("keys, group names and records")
    func keysAndRecords() {
        let keys = GroupKeys(prefix: "/nailbook/", group: "g1")
        #expect(keys.leader == "/nailbook/groups/g1/leader")
        #expect(keys.epoch == "/nailbook/groups/g1/epoch")
        #expect(keys.member("http://10.0.0.1:8080") == "/nailbook/groups/g1/members/http://10.0.0.1:8080")
        #expect(keys.member("x").hasPrefix(keys.members))
        for good in ["main", "g1", "tw-north_2", String(repeating: "a", count: 64)] {
            #expect(GroupKeys.isValidGroupName(good))
        }
        for bad in ["", "G1", "a/b", "a b", "台北", String(repeating: "a", count: 65)] {
            #expect(!GroupKeys.isValidGroupName(bad))
        }
        let leader = LeaderRecord(url: "http://10.0.0.2:8080", epoch: 7, startLsn: 1234)
        #expect(LeaderRecord(bytes: leader.bytes) == leader)
        #expect(
            String(decoding: leader.bytes, as: UTF8.self)
                == #"{"epoch":7,"startLsn":1234,"url":"http:\/\/10.0.0.2:8080"}"#)
        #expect(LeaderRecord(bytes: Array("not json".utf8)) == nil)
        let member = MemberRecord(url: "http://a", durableLsn: 5)
        #expect(MemberRecord(bytes: member.bytes) == member)
    }
}
