/// The LINE side of the state: channels, the notification outbox with its delivery log, who can be reached, the
/// monthly push count, and the webhook events already handled.
///
/// Booking events create and withdraw notifications here as they are applied (see `Outbox+Bookings.swift`), so a
/// notification exists exactly when the record that causes it is in the log: a crash can neither lose one nor
/// invent one. Memory is bounded by forgetting, by the times inside events, settled notifications after
/// ``retentionSeconds`` and handled webhook events after ``webhookMemorySeconds``.
public struct Outbox: Sendable {
    /// How long notifications stay visible after they were created: 60 days.
    public static let retentionSeconds: Int64 = 60 * 86_400
    /// How long a handled webhook event id is remembered: 7 days (LINE redelivers within that).
    public static let webhookMemorySeconds: Int64 = 7 * 86_400
    /// How long a confirmation, reschedule or cancellation notice may wait for delivery: 24 hours.
    public static let deliveryWindowSeconds: Int64 = 24 * 3600

    /// LINE channels by merchant.
    public private(set) var channels: [MerchantID: LineChannel] = [:]
    /// Every notification still remembered.
    public private(set) var notifications: [NotificationID: Notification] = [:]
    /// Customers who unfollowed or blocked the merchant's account: nothing is pushed to them.
    public private(set) var unreachableCustomers: Set<CustomerID> = []
    /// Pushes sent per merchant in its current calendar month.
    public private(set) var monthlyUsage: [MerchantID: MonthlyUsage] = [:]
    /// How many notifications are pending (parked ones included).
    public private(set) var pendingCount = 0
    /// Pending notifications per merchant, by due time.
    private(set) var pending: [MerchantID: PendingQueue] = [:]
    /// Notification ids per booking, oldest first.
    private(set) var byBooking: [BookingID: [NotificationID]] = [:]
    /// Notification ids per merchant, oldest first.
    private(set) var byMerchant: [MerchantID: [NotificationID]] = [:]
    /// Notification ids in creation order, for forgetting.
    private var created = RetentionQueue<NotificationID>()
    /// Webhook event ids handled, in order, for forgetting.
    private(set) var webhookEventLog = RetentionQueue<WebhookEventKey>()
    private var webhookEvents: Set<WebhookEventKey> = []

    /// Creates an empty outbox.
    public init() {}

    /// An outbox rebuilt from a snapshot's parts; the indexes are derived.
    init(
        channels: [MerchantID: LineChannel],
        notifications: [Notification],
        unreachableCustomers: Set<CustomerID>,
        monthlyUsage: [MerchantID: MonthlyUsage],
        webhookEvents: [(at: Instant, key: WebhookEventKey)]
    ) {
        self.channels = channels
        self.unreachableCustomers = unreachableCustomers
        self.monthlyUsage = monthlyUsage
        for notification in notifications.sorted(by: { $0.id < $1.id }) { insert(notification) }
        for (at, key) in webhookEvents { remember(key, at: at) }
    }

    /// The status as the API shows it: a pending notification of a channel whose token LINE refused is `parked`.
    public func status(of notification: Notification) -> NotificationStatus {
        guard notification.status == .pending, channels[notification.merchantID]?.state == .tokenInvalid else {
            return notification.status
        }
        return .parked
    }

    /// A merchant's notifications, oldest first.
    public func notifications(of merchantID: MerchantID) -> [Notification] {
        (byMerchant[merchantID] ?? []).compactMap { notifications[$0] }
    }

    /// A booking's notifications, oldest first.
    public func notifications(ofBooking bookingID: BookingID) -> [Notification] {
        (byBooking[bookingID] ?? []).compactMap { notifications[$0] }
    }

    /// Merchants with pending notifications.
    public var merchantsWithPending: some Collection<MerchantID> { pending.keys }

    /// Up to `limit` of a merchant's pending notifications due at `now`, soonest first.
    public func due(of merchantID: MerchantID, at now: Instant, limit: Int) -> [Notification] {
        guard let queue = pending[merchantID] else { return [] }
        return queue.due(at: now, limit: limit).compactMap { notifications[$0.id] }
    }

    /// When the next of a merchant's pending notifications is due.
    public func nextDue(of merchantID: MerchantID) -> Instant? { pending[merchantID]?.entries.first?.dueAt }

    /// Whether a webhook event was already handled.
    public func hasHandled(webhookEventID: String, of merchantID: MerchantID) -> Bool {
        webhookEvents.contains(WebhookEventKey(merchantID: merchantID, eventID: webhookEventID))
    }

    /// Pushes a merchant has sent in the calendar month of `instant` (in `zone`).
    public func pushesSent(by merchantID: MerchantID, inMonthOf instant: Instant, zone: ZoneRules) -> Int {
        guard let usage = monthlyUsage[merchantID], usage.month == MonthlyUsage.month(of: instant, in: zone) else {
            return 0
        }
        return usage.sent
    }

    // MARK: - Changes (used by the apply functions in the extensions)

    mutating func insert(_ notification: Notification) {
        precondition(notifications[notification.id] == nil, "notification exists")
        notifications[notification.id] = notification
        byBooking[notification.bookingID, default: []].append(notification.id)
        byMerchant[notification.merchantID, default: []].append(notification.id)
        created.append(notification.id, at: notification.createdAt)
        if notification.status == .pending { enqueue(notification) }
    }

    mutating func enqueue(_ notification: Notification) {
        pending[notification.merchantID, default: PendingQueue()].insert(
            .init(dueAt: notification.dueAt, id: notification.id)
        )
        pendingCount += 1
    }

    mutating func dequeue(_ notification: Notification) {
        let merchantID = notification.merchantID
        pending[merchantID]?.remove(.init(dueAt: notification.dueAt, id: notification.id))
        if pending[merchantID]?.isEmpty == true { pending[merchantID] = nil }
        pendingCount -= 1
        precondition(pendingCount >= 0, "pending count below zero")
    }

    /// Settles a pending notification with `status` at `at`.
    mutating func settle(_ id: NotificationID, as status: NotificationStatus, at: Instant, error: String?) {
        guard var notification = notifications[id], notification.status == .pending else { return }
        precondition(status.isSettled, "settling as \(status)")
        dequeue(notification)
        notification.status = status
        notification.settledAt = at
        if let error { notification.lastError = error }
        notifications[id] = notification
    }

    mutating func replace(_ notification: Notification) {
        precondition(notifications[notification.id] != nil, "no such notification")
        notifications[notification.id] = notification
    }

    mutating func setChannel(_ channel: LineChannel) { channels[channel.merchantID] = channel }

    mutating func setReachable(_ customerID: CustomerID, _ reachable: Bool) {
        if reachable { unreachableCustomers.remove(customerID) } else { unreachableCustomers.insert(customerID) }
    }

    mutating func countSent(by merchantID: MerchantID, month: Int) {
        var usage = monthlyUsage[merchantID] ?? MonthlyUsage(month: month, sent: 0)
        if usage.month != month { usage = MonthlyUsage(month: month, sent: 0) }
        usage.sent += 1
        monthlyUsage[merchantID] = usage
    }

    mutating func remember(_ key: WebhookEventKey, at: Instant) {
        guard webhookEvents.insert(key).inserted else { return }
        webhookEventLog.append(key, at: at)
    }

    /// Forgets what is older than the retention periods, as of `at`.
    mutating func forget(asOf at: Instant) {
        for key in webhookEventLog.forget(before: at - Self.webhookMemorySeconds) { webhookEvents.remove(key) }
        for id in created.forget(before: at - Self.retentionSeconds) {
            guard let notification = notifications.removeValue(forKey: id) else { continue }
            // A notification this old that is still pending had long expired; it goes with the rest.
            if notification.status == .pending { dequeue(notification) }
            byBooking[notification.bookingID]?.removeAll { $0 == id }
            if byBooking[notification.bookingID]?.isEmpty == true { byBooking[notification.bookingID] = nil }
            let first = byMerchant[notification.merchantID]?.first
            precondition(first == id, "notifications forgotten out of order")
            byMerchant[notification.merchantID]?.removeFirst()
            if byMerchant[notification.merchantID]?.isEmpty == true { byMerchant[notification.merchantID] = nil }
        }
    }
}

/// A webhook event id, scoped to the merchant whose channel delivered it.
public struct WebhookEventKey: Hashable, Sendable {
    /// The merchant.
    public var merchantID: MerchantID
    /// LINE's `webhookEventId`.
    public var eventID: String

    /// Creates a key.
    public init(merchantID: MerchantID, eventID: String) {
        self.merchantID = merchantID
        self.eventID = eventID
    }
}

/// Pushes a merchant sent in one calendar month of its own time zone.
public struct MonthlyUsage: Hashable, Sendable {
    /// The month as `year * 12 + (month - 1)`.
    public var month: Int
    /// Pushes LINE accepted in that month.
    public var sent: Int

    /// Creates a count.
    public init(month: Int, sent: Int) {
        self.month = month
        self.sent = sent
    }

    /// The month number of `instant` in `zone`.
    public static func month(of instant: Instant, in zone: ZoneRules) -> Int {
        let date = zone.localDateTime(at: instant).date
        return date.year * 12 + (date.month - 1)
    }
}
