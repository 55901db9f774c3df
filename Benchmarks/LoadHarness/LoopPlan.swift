import NIOCore

/// How requests are paced.
enum Pacing: Sendable, Equatable {
    /// Closed loop: each of `concurrency` connections sends its next request when the previous answer arrives.
    case closed
    /// Open loop: requests are due at a fixed rate whatever the answers; latency counts from the due time.
    case open(requestsPerSecond: Double)
}

/// What one event loop's driver does.
struct LoopPlan: Sendable {
    let pacing: Pacing
    /// The most requests in flight at once (the loop's share of the connections).
    let concurrency: Int
    /// When sending starts (the same for every loop), when recording starts (after the warm-up) and when sending
    /// stops.
    let startAt: NIODeadline
    let measureFrom: NIODeadline
    let endAt: NIODeadline
    /// A request without an answer by then is a timeout.
    let timeout: TimeAmount
    let mix: Mix
    let seed: UInt64
    /// Probe replication lag after sampled writes, when set.
    let lagProbe: LagProbePlan?

    /// The number of requests an open loop has due in [startAt, endAt).
    var plannedCount: Int {
        guard case .open(let rate) = pacing else { return 0 }
        let nanoseconds = Double(endAt.uptimeNanoseconds - startAt.uptimeNanoseconds)
        return Int((nanoseconds * rate / 1e9).rounded(.up))
    }

    /// When the open loop's request number `index` is due.
    func intendedTime(_ index: Int) -> NIODeadline {
        guard case .open(let rate) = pacing else { preconditionFailure("only an open loop has a schedule") }
        return startAt + .nanoseconds(Int64((Double(index) * 1e9 / rate).rounded(.down)))
    }

    /// How many of the open loop's requests are due at `now` (those with an intended time at or before it).
    func dueCount(at now: NIODeadline) -> Int {
        guard case .open(let rate) = pacing, now >= startAt else { return 0 }
        let nanoseconds = Double(now.uptimeNanoseconds - startAt.uptimeNanoseconds)
        return min(plannedCount, Int((nanoseconds * rate / 1e9).rounded(.down)) + 1)
    }
}
