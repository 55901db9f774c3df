import Replication
import Testing

/// The shard map as read from etcd, and where a new salon goes.
@Suite("Shard map")
struct ShardMapTests {
    static func stored(_ key: String, _ value: [UInt8]) -> EtcdKeyValue {
        EtcdKeyValue(key: key, value: value, createRevision: 1, modRevision: 1, lease: 0)
    }

    @Test("read from the shards and the groups' leader keys; junk ignored")
    func reading() {
        let leader = LeaderRecord(url: "http://10.0.0.1:8080", epoch: 2, startLsn: 9)
        let map = ShardMap(
            shards: [
                Self.stored("/nailbook/shards/mer_a", Array("main".utf8)),
                Self.stored("/nailbook/shards/mer_b", Array("east".utf8)),
                Self.stored("/nailbook/shards/mer_c", Array("Not A Group".utf8)),
            ],
            groupKeys: [
                Self.stored("/nailbook/groups/main/leader", leader.bytes),
                Self.stored("/nailbook/groups/main/epoch", Array("2".utf8)),
                Self.stored("/nailbook/groups/main/members/http://x:1", Array("{}".utf8)),
                Self.stored("/nailbook/groups/east/leader", Array("not json".utf8)),
            ])
        #expect(map.groups == ["mer_a": "main", "mer_b": "east"])
        #expect(map.leaders == ["main": "http://10.0.0.1:8080"])
        #expect(ShardMap.key("mer_a") == "/nailbook/shards/mer_a")
    }

    @Test("a new salon goes to the live group with the fewest salons; ties to this group, then by name")
    func placement() {
        let leaders = ["a": "http://a:1", "b": "http://b:1", "c": "http://c:1"]
        var map = ShardMap(groups: ["s1": "a", "s2": "a", "s3": "b"], leaders: leaders)
        #expect(map.placement(own: "a") == "c")
        map.groups["s4"] = "c"
        #expect(map.placement(own: "a") == "b")  // b and c have 1; a has 2
        #expect(map.placement(own: "c") == "c")  // a tie goes to this group
        map.groups["s5"] = "b"
        #expect(map.placement(own: "a") == "c")
        // A group without a leader gets nothing; this group counts even while its own key is not read yet.
        let alone = ShardMap(groups: ["s1": "a"], leaders: ["a": "http://a:1"])
        #expect(alone.placement(own: "b") == "b")
        #expect(ShardMap().placement(own: "main") == "main")
    }

    @Test("the HAProxy map file and the rules that use it")
    func haproxyMap() throws {
        var configuration = try HAProxyConfiguration(
            listen: ":8000", groups: ["main": ["http://a:1"], "east": ["http://b:1"]], defaultGroup: "main")
        #expect(!configuration.text.contains("map("))
        configuration.mapFile = "/etc/haproxy/nailbook-shards.map"
        #expect(configuration.text.contains("var(txn.salon),map(/etc/haproxy/nailbook-shards.map)"))
        #expect(configuration.text.contains("use_backend %[var(txn.group)]_leader if { var(txn.group) -m found }"))
        #expect(
            configuration.mapText(["mer_b": "east", "mer_a": "main", "mer_x": "gone"]) == "mer_a main\nmer_b east\n")
    }
}
