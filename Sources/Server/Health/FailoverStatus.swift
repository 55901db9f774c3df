/// What `/health` reports about failover through etcd (`--etcd`).
public struct FailoverStatus: Sendable, Equatable {
    /// The leader group this node belongs to.
    public var group: String
    /// Whether this node holds the group's leadership lease now (only the leader can).
    public var holdsLease: Bool
    /// Whether etcd answered the last call.
    public var etcdReachable: Bool
    /// The group's leader as etcd names it (nil: none right now).
    public var leaderURL: String?
    /// Why this node cannot follow the group's leader, when its log holds records the group never kept (it led
    /// and was cut off before they reached the others); nil otherwise. Public text: no paths.
    public var problem: String?

    /// A status.
    public init(group: String, holdsLease: Bool, etcdReachable: Bool, leaderURL: String?, problem: String? = nil) {
        self.group = group
        self.holdsLease = holdsLease
        self.etcdReachable = etcdReachable
        self.leaderURL = leaderURL
        self.problem = problem
    }
}
