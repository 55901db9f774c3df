/// A salon's rule for customers who miss bookings: after `strikes` no-shows or late cancellations whose bookings
/// started within the last `windowDays` days, the customer cannot book online any more (the booking page asks them to
/// contact the salon; the salon still books them), or their online bookings wait for the salon's approval. The salon
/// can clear a customer's record: strikes before that instant no longer count.
public struct NoShowPolicy: Hashable, Sendable {
    /// What happens to a customer past the limit.
    public enum Action: UInt8, Hashable, Sendable, CaseIterable {
        /// No more online bookings or holds (`403 customer_blocked`).
        case blockOnlineBooking = 1
        /// Online bookings wait for the salon's approval (they hold their time; the salon approves or declines,
        /// and the customer hears either way).
        case requireApproval = 2

        /// The stable name used in APIs.
        public var name: String {
            switch self {
            case .blockOnlineBooking: return "block_online_booking"
            case .requireApproval: return "require_approval"
            }
        }

        /// The action with this name.
        public init?(name: String) {
            guard let action = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = action
        }
    }

    /// Strikes that trigger the action.
    public var strikes: Int
    /// How far back strikes count, by the missed booking's start.
    public var windowDays: Int
    /// What happens.
    public var action: Action

    /// Creates a policy.
    public init(strikes: Int, windowDays: Int, action: Action = .blockOnlineBooking) {
        self.strikes = strikes
        self.windowDays = windowDays
        self.action = action
    }

    /// Accepted strikes.
    public static let strikesRange = 1...50
    /// Accepted windows.
    public static let windowDaysRange = 1...730
}
