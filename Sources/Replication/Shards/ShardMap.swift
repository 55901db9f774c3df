/// The shard map in etcd: which leader group holds each salon, `PREFIX/shards/MERCHANT_ID` → the group's name. A
/// salon is registered by the group that created it; requests for it are sent to that group's leader (HAProxy's
/// map, and each node's redirect when a request reaches the wrong group).
public struct ShardMap: Sendable, Equatable {
    /// Salon → group.
    public var groups: [String: String]
    /// Group → its leader's URL (groups whose leader key is held right now).
    public var leaders: [String: String]

    /// A map.
    public init(groups: [String: String] = [:], leaders: [String: String] = [:]) {
        self.groups = groups
        self.leaders = leaders
    }

    /// The prefix of the map's keys.
    public static func prefix(_ root: String = "/nailbook") -> String {
        (root.hasSuffix("/") ? String(root.dropLast()) : root) + "/shards/"
    }

    /// A salon's key.
    public static func key(_ merchantID: String, root: String = "/nailbook") -> String { prefix(root) + merchantID }

    /// Reads the map from a listing of `PREFIX/shards/` and one of `PREFIX/groups/`.
    public init(shards: [EtcdKeyValue], groupKeys: [EtcdKeyValue], root: String = "/nailbook") {
        let shardPrefix = Self.prefix(root)
        let groupPrefix = GroupKeys.groups(prefix: root)
        var groups: [String: String] = [:]
        for stored in shards where stored.key.hasPrefix(shardPrefix) {
            let group = String(decoding: stored.value, as: UTF8.self)
            if GroupKeys.isValidGroupName(group) { groups[String(stored.key.dropFirst(shardPrefix.count))] = group }
        }
        var leaders: [String: String] = [:]
        for stored in groupKeys where stored.key.hasPrefix(groupPrefix) && stored.key.hasSuffix("/leader") {
            let name = stored.key.dropFirst(groupPrefix.count).dropLast("/leader".count)
            if let record = LeaderRecord(bytes: stored.value), !name.contains("/") {
                leaders[String(name)] = record.url
            }
        }
        self.init(groups: groups, leaders: leaders)
    }

    /// Where a new salon goes: the live group (its leader key held) with the fewest salons; ties go to `own`, then
    /// to the first name. `own` when no group is live (a group alone, or etcd not read yet).
    public func placement(own: String) -> String {
        var counts = Dictionary(uniqueKeysWithValues: leaders.keys.map { ($0, 0) })
        counts[own] = counts[own] ?? 0
        for group in groups.values where counts[group] != nil { counts[group, default: 0] += 1 }
        return counts.min { a, b in
            if a.value != b.value { return a.value < b.value }
            if (a.key == own) != (b.key == own) { return a.key == own }
            return a.key < b.key
        }?.key ?? own
    }
}
