import Core

/// When to try a failed push again: exponential backoff with ±20 % jitter, at least what LINE's `Retry-After` asks,
/// and never past the notification's deadline.
struct RetryPolicy: Sendable {
    var delayFirst: Duration
    var delayMax: Duration

    /// The instant of the next attempt after `attempts` failed ones, or nil when it would be past `deadline`.
    func nextAttempt<Generator: RandomNumberGenerator>(
        after attempts: Int,
        now: Instant,
        retryAfter: Duration?,
        deadline: Instant,
        using random: inout Generator
    ) -> Instant? {
        precondition(attempts >= 1, "a retry follows an attempt")
        let first = Double(delayFirst.components.seconds)
        let exponential = first * Double(1 << min(attempts - 1, 20))
        var seconds = min(exponential, Double(delayMax.components.seconds))
        seconds *= Double.random(in: 0.8...1.2, using: &random)
        if let retryAfter { seconds = max(seconds, Double(retryAfter.components.seconds)) }
        let next = now + Int64(max(1, seconds.rounded(.up)))
        return next < deadline ? next : nil
    }
}
