import Histogram

/// What the replication lag probe measured, on one event loop or merged.
struct LagStats: Sendable {
    /// From the leader's answer to a sampled write to the follower's answer to a read that waited for the write's
    /// LSN (`X-Nailbook-Min-LSN`), in microseconds: the lag a client sees, one loopback GET included.
    var lagMicroseconds = Histogram<UInt64>(highestTrackableValue: OperationStats.latencyMicrosecondsMax)
    /// The same GET without `X-Nailbook-Min-LSN`, sent to the follower at the same moment: what the GET costs
    /// without waiting, to subtract from the lag.
    var controlMicroseconds = Histogram<UInt64>(highestTrackableValue: OperationStats.latencyMicrosecondsMax)
    /// Sampled writes whose probe was sent.
    var probes = 0
    /// 503 `replica_lagging`: the follower had not applied the LSN within its wait limit (2 s).
    var lagging = 0
    /// Other statuses, timeouts and transport failures, of probes and control reads.
    var errors = 0
    /// Sampled writes without a probe: no `X-Nailbook-LSN` in the answer, or too many probes in flight.
    var skipped = 0

    mutating func merge(_ other: LagStats) {
        lagMicroseconds.add(other.lagMicroseconds)
        controlMicroseconds.add(other.controlMicroseconds)
        probes += other.probes
        lagging += other.lagging
        errors += other.errors
        skipped += other.skipped
    }
}
