/// The pace of pushes on one channel (or overall): a token bucket that refills at `limit / window` and holds a
/// fiftieth of the limit, so pushes go out evenly instead of in bursts, under a hard cap of `limit` in any
/// `window`.
///
/// The window is a little longer than a second (see ``LineConfiguration/rateWindowMargin``), so the pace is a
/// little under the limit: LINE counts arrivals, and requests that bunch up on the way must still fit.
struct PushRateLimiter: Sendable {
    private var cap: SlidingWindowLimiter
    private let capacity: Double
    private let refillPerSecond: Double
    private var tokens: Double
    private var refilledAt: ContinuousClock.Instant?

    init(limit: Int, window: Duration) {
        precondition(limit > 0, "a rate limit allows something")
        cap = SlidingWindowLimiter(limit: limit, window: window)
        capacity = max(1, Double(limit) / 50)
        refillPerSecond = Double(limit) / window.inSeconds
        tokens = capacity
    }

    /// Whether one more push may go out at `now`.
    mutating func allows(at now: ContinuousClock.Instant) -> Bool {
        refill(at: now)
        return tokens >= 1 && cap.earliestSlot(atOrAfter: now) <= now
    }

    /// Counts a push sent at `now` (which `allows` said yes to).
    mutating func record(at now: ContinuousClock.Instant) {
        refill(at: now)
        precondition(tokens >= 1, "a push beyond the pace")
        tokens -= 1
        cap.record(at: now)
    }

    private mutating func refill(at now: ContinuousClock.Instant) {
        if let refilledAt, now > refilledAt {
            tokens = min(capacity, tokens + (now - refilledAt).inSeconds * refillPerSecond)
        }
        if refilledAt.map({ now > $0 }) ?? true { refilledAt = now }
    }
}
