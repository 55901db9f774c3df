/// One key as etcd holds it.
public struct EtcdKeyValue: Sendable, Equatable {
    /// The key.
    public var key: String
    /// The value's bytes.
    public var value: [UInt8]
    /// The revision that created the key (0: the key is absent).
    public var createRevision: Int64
    /// The revision of the key's last change.
    public var modRevision: Int64
    /// The lease the key is attached to (0: none).
    public var lease: Int64

    /// A key as read.
    public init(key: String, value: [UInt8], createRevision: Int64, modRevision: Int64, lease: Int64) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.lease = lease
    }
}

/// A lease granted by etcd: keys attached to it vanish when it is neither kept alive nor revoked within its TTL.
public struct EtcdLease: Sendable, Equatable {
    /// The lease's id.
    public var id: Int64
    /// Its time to live, in seconds, as granted.
    public var ttlSeconds: Int

    /// A granted lease.
    public init(id: Int64, ttlSeconds: Int) {
        self.id = id
        self.ttlSeconds = ttlSeconds
    }
}

/// One comparison of an etcd transaction (`Compare` in etcd's API).
public enum EtcdCondition: Sendable, Equatable {
    /// The key does not exist (its create revision is 0).
    case absent(String)
    /// The key was last changed at this revision (0: it does not exist).
    case modRevision(String, equals: Int64)
}

/// One operation of an etcd transaction.
public enum EtcdOperation: Sendable, Equatable {
    /// Sets a key, attached to `lease` (0: none).
    case put(String, value: [UInt8], lease: Int64)
    /// Removes a key.
    case delete(String)
}
