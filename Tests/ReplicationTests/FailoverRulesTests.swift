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

    @Test("only the furthest log campaigns (ties: the smaller URL), and only once every other report is final")
    func campaignOrder() {
        let a = MemberRecord(url: "http://a:1", durableLsn: 100)
        let b = MemberRecord(url: "http://b:1", durableLsn: 100)
        let c = MemberRecord(url: "http://c:1", durableLsn: 90)
        let d = MemberRecord(url: "http://d:1", durableLsn: 120)
        let vacancy: Int64 = 50
        let fresh = [a, b, c, d].map { CampaignOrder.Report(member: $0, revision: 60) }
        #expect(CampaignOrder.mayCampaign(own: d, reports: fresh, vacantSince: vacancy))
        for other in [a, b, c] { #expect(!CampaignOrder.mayCampaign(own: other, reports: fresh, vacantSince: vacancy)) }
        // d is gone (its lease lapsed): a wins the tie against b.
        let withoutD = Array(fresh.prefix(3))
        #expect(CampaignOrder.mayCampaign(own: a, reports: withoutD, vacantSince: vacancy))
        #expect(!CampaignOrder.mayCampaign(own: b, reports: withoutD, vacantSince: vacancy))
        // A report from before the vacancy may not be final: wait for it, even if it is behind.
        let stale = [CampaignOrder.Report(member: c, revision: 40), CampaignOrder.Report(member: d, revision: 61)]
        #expect(!CampaignOrder.mayCampaign(own: d, reports: stale, vacantSince: vacancy))
        // Alone (only its own report, or none yet): at once.
        #expect(
            CampaignOrder.mayCampaign(
                own: c, reports: [CampaignOrder.Report(member: c, revision: 1)], vacantSince: vacancy))
        #expect(CampaignOrder.mayCampaign(own: c, reports: [], vacantSince: vacancy))
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
