import Replication
import Synchronization

/// This node's view of the shard map (``ShardMap``), refreshed about once a second by the failover loop: which
/// group holds a salon, and where each group's leader is. Reads are from memory, so every request may consult it.
public final class ShardDirectory: Sendable {
    /// This node's group.
    public let group: String
    let etcd: EtcdClient
    let root: String
    private let map = Mutex(ShardMap())

    /// The directory of `group`'s node, reading etcd under `root` (the `--etcd-prefix`).
    public init(group: String, etcd: EtcdClient, root: String) {
        self.group = group
        self.etcd = etcd
        self.root = root
    }

    /// The map as last read.
    public var current: ShardMap { map.withLock { $0 } }

    /// Where a salon's requests belong, when another group holds it: that group and its leader's URL (nil while
    /// it has none). Nil for a salon of this group, or one the map does not know.
    public func elsewhere(_ merchantID: String) -> (group: String, leaderURL: String?)? {
        map.withLock { map in
            guard let owner = map.groups[merchantID], owner != group else { return nil }
            return (owner, map.leaders[owner])
        }
    }

    /// Reads the map again.
    func refresh() async throws(EtcdError) {
        let shards = try await etcd.list(prefix: ShardMap.prefix(root))
        let groups = try await etcd.list(prefix: GroupKeys.groups(prefix: root))
        let fresh = ShardMap(shards: shards, groupKeys: groups, root: root)
        map.withLock { $0 = fresh }
    }

    /// Where a new salon goes (see ``ShardMap/placement(own:)``), and that group's leader when it is not this one.
    public func placement() async -> (group: String, leaderURL: String?) {
        try? await refresh()
        let map = current
        let target = map.placement(own: group)
        return (target, target == group ? nil : map.leaders[target])
    }

    /// Registers salons of this group that the map lacks (create-if-absent: a salon another group registered
    /// already keeps its entry, and the conflict is returned).
    func register(_ merchantIDs: [String]) async -> [String] {
        var conflicts: [String] = []
        for id in merchantIDs {
            let key = ShardMap.key(id, root: root)
            let value = Array(group.utf8)
            guard
                let created = try? await etcd.transaction(if: [.absent(key)], then: [.put(key, value: value, lease: 0)])
            else { continue }
            if created {
                map.withLock { $0.groups[id] = group }
            } else if let stored = try? await etcd.get(key), stored.value != value {
                conflicts.append(id)
            }
        }
        return conflicts
    }
}
