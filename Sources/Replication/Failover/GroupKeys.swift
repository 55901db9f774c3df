/// Where a leader group keeps its coordination in etcd, under a prefix (default `/nailbook`):
/// - `PREFIX/groups/GROUP/leader`: the leader's ``LeaderRecord``, attached to the leader's lease;
/// - `PREFIX/groups/GROUP/epoch`: the highest epoch ever handed out in the group (decimal text, no lease);
/// - `PREFIX/groups/GROUP/members/URL`: each follower's ``MemberRecord`` (attached to its lease), so the most
///   caught-up one campaigns first;
/// - `PREFIX/groups/GROUP/nodes/URL`: every node that ever ran in the group (no lease), for HAProxy's server list.
public struct GroupKeys: Sendable, Equatable {
    /// The prefix of every key of every group.
    public let prefix: String
    /// The group's name.
    public let group: String

    /// The keys of `group` under `prefix`.
    public init(prefix: String = "/nailbook", group: String) {
        self.prefix = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        self.group = group
    }

    /// The leader's key.
    public var leader: String { "\(prefix)/groups/\(group)/leader" }
    /// The epoch counter's key.
    public var epoch: String { "\(prefix)/groups/\(group)/epoch" }
    /// The prefix of the members' keys.
    public var members: String { "\(prefix)/groups/\(group)/members/" }
    /// A member's key.
    public func member(_ url: String) -> String { members + url }
    /// The prefix of the nodes' registrations (every node of the group, kept without a lease: HAProxy's server list).
    public var nodes: String { "\(prefix)/groups/\(group)/nodes/" }
    /// A node's registration.
    public func node(_ url: String) -> String { nodes + url }
    /// The prefix of every group's keys.
    public static func groups(prefix: String = "/nailbook") -> String {
        (prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix) + "/groups/"
    }

    /// Whether `name` can name a group: 1–64 of `a-z 0-9 - _`.
    public static func isValidGroupName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy {
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F
            }
    }
}
