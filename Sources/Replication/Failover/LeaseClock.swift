/// Fencing by time: how long a leader may acknowledge writes on the strength of its etcd lease.
///
/// etcd expires a lease `ttl` after the member received its last keepalive, so never earlier than `ttl` after the
/// leader *sent* that keepalive. The leader counts from the moment it sent the keepalive that was answered, on its
/// monotonic clock (`ContinuousClock`, which keeps counting while the machine sleeps), and stops acknowledging
/// `margin` before that `ttl` runs out. The margin covers the two clocks' rate difference (well under 1 % on any
/// sane host: 50 ms of 5 s) and the moment between the last check and an acknowledgement leaving the process; it is
/// a fifth of the TTL, at least 500 ms (1 s for the default 5 s). A pause longer than the margin that falls exactly
/// between that check and the send (a SIGSTOP, a VM freeze) is what time-based fencing cannot rule out; the epoch
/// in every log frame and the follower's checks catch what such a write would do to the log (see docs/scaling.md).
public struct LeaseClock: Sendable, Equatable {
    /// The lease's time to live.
    public let ttl: Duration
    /// How long before the lease can expire the leader stops.
    public let margin: Duration
    /// Until when writes may be acknowledged; nil when the lease is not held.
    public private(set) var validUntil: ContinuousClock.Instant?

    /// A clock for leases of `ttl` (at least 2 s).
    public init(ttl: Duration) {
        precondition(ttl >= .seconds(2), "a lease shorter than 2 s leaves no room for the margin")
        self.ttl = ttl
        margin = max(ttl / 5, .milliseconds(500))
        assert(margin < ttl / 2, "the margin must leave most of the lease usable")
    }

    /// How often the lease is renewed: three tries fit in one TTL.
    public var renewalInterval: Duration { ttl / 3 }

    /// A keepalive sent at `sentAt` was answered with `granted` time to live.
    public mutating func renewed(sentAt: ContinuousClock.Instant, granted: Duration) {
        let until = sentAt + min(granted, ttl) - margin
        validUntil = max(validUntil ?? until, until)
    }

    /// The lease is gone (expired, revoked, or another node leads).
    public mutating func lapse() { validUntil = nil }

    /// Whether a write may be acknowledged at `now`.
    public func allowsWrites(at now: ContinuousClock.Instant) -> Bool {
        guard let validUntil else { return false }
        return now < validUntil
    }
}
