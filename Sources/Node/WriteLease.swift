import Synchronization

/// Whether this node may write right now on the strength of a leadership lease (failover through etcd, see
/// `FailoverService`): the log refuses local appends once it lapsed, and the HTTP layer turns a write that
/// finished after it lapsed into "outcome unknown". A node without failover has no lease and always may.
public final class WriteLease: Sendable {
    private let origin = ContinuousClock.now
    /// Nanoseconds after `origin` until which writes are allowed; 0: not allowed.
    private let validUntilNanoseconds = Atomic<Int64>(0)

    /// A lease that allows nothing until it is granted.
    public init() {}

    /// Allows writes until `instant`.
    public func allow(until instant: ContinuousClock.Instant) {
        validUntilNanoseconds.store(
            max(nanoseconds(origin.duration(to: instant)), 1), ordering: .sequentiallyConsistent)
    }

    /// Allows no more writes.
    public func revoke() { validUntilNanoseconds.store(0, ordering: .sequentiallyConsistent) }

    /// Whether a write may be acknowledged now.
    public var allowsWrites: Bool {
        let until = validUntilNanoseconds.load(ordering: .sequentiallyConsistent)
        return until > 0 && nanoseconds(origin.duration(to: .now)) < until
    }

    private func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
