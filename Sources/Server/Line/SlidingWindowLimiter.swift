/// At most `limit` events in any window of length `window` (half-open: events exactly `window` apart never share
/// one), for pacing pushes to LINE's per-channel rate limits. Pure: the caller passes every instant in.
///
/// Keeps a ring of the last `limit` recorded instants. With sends in time order, a new send fits iff the send
/// `limit` positions back is at least `window` before it — then no window ending at the new send can hold more
/// than `limit`, and by induction no window anywhere can.
struct SlidingWindowLimiter: Sendable {
    /// The most events in any window.
    let limit: Int
    /// The window length.
    let window: Duration
    /// The last up to `limit` recorded instants; once full, `oldestIndex` is the oldest.
    private var recent: [ContinuousClock.Instant] = []
    private var oldestIndex = 0

    /// Creates an empty limiter; `limit` and `window` must be positive.
    init(limit: Int, window: Duration) {
        precondition(limit > 0, "a rate limit must allow at least one event")
        precondition(limit <= 1 << 20, "a rate limit keeps one instant per event; \(limit) is too many")
        precondition(window > .zero, "a rate-limit window must be positive")
        self.limit = limit
        self.window = window
        recent.reserveCapacity(limit)
    }

    /// The earliest instant at or after `now` (and not before the last recorded event) at which one more event fits.
    func earliestSlot(atOrAfter now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        var slot = now
        if let latest = latest, latest > slot { slot = latest }
        if recent.count == limit {
            let freedAt = recent[oldestIndex] + window
            if freedAt > slot { slot = freedAt }
        }
        return slot
    }

    /// Records an event at `instant`, which must fit: not before the last event, and at or after `earliestSlot`.
    mutating func record(at instant: ContinuousClock.Instant) {
        precondition(earliestSlot(atOrAfter: instant) == instant, "an event was recorded where it does not fit")
        if recent.count < limit {
            recent.append(instant)
        } else {
            recent[oldestIndex] = instant
            oldestIndex = (oldestIndex + 1) % limit
        }
        assert(recent.count <= limit, "the ring outgrew its limit")
    }

    /// The most recent recorded instant.
    private var latest: ContinuousClock.Instant? {
        guard !recent.isEmpty else { return nil }
        if recent.count < limit { return recent[recent.count - 1] }
        return recent[(oldestIndex + limit - 1) % limit]
    }
}
