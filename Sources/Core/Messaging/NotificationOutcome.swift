/// What became of one delivery attempt (or of a decision not to attempt), as the sender records it.
public struct NotificationOutcome: Hashable, Sendable {
    /// The result.
    public enum Result: Hashable, Sendable {
        /// LINE accepted it (or had already accepted this retry key).
        case sent
        /// A temporary failure: try again at `nextAttemptAt`.
        case retry(nextAttemptAt: Instant, error: String)
        /// A permanent failure.
        case failed(error: String)
        /// LINE refused the channel's token: the merchant's channel becomes `token_invalid` and its
        /// notifications wait (parked) until new credentials are stored.
        case channelRejected(error: String)
        /// Its deadline passed before delivery.
        case expired
        /// Not sent on purpose (e.g. the last tenth of the monthly quota is kept for confirmations).
        case cancelled(reason: String)

        /// Whether an attempt was made (it counts in `attempts`).
        var countsAsAttempt: Bool {
            switch self {
            case .sent, .retry, .failed, .channelRejected: return true
            case .expired, .cancelled: return false
            }
        }
    }

    /// The notification.
    public var id: NotificationID
    /// The result.
    public var result: Result
    /// For `sent`: the calendar month of the merchant's quota it counts toward (``MonthlyUsage/month(of:in:)``),
    /// fixed by the engine when it records the outcome, so that replay and `verify` never consult the host's
    /// zone database. Nil when not yet recorded, for other results, and in logs older than event format 3.
    public var quotaMonth: Int?

    /// Creates an outcome.
    public init(id: NotificationID, result: Result, quotaMonth: Int? = nil) {
        self.id = id
        self.result = result
        self.quotaMonth = quotaMonth
    }
}
