import Core

/// Decides which due notifications go out now: fair across merchants (one from each in turn), within each
/// channel's rate and the global one, keeping the last tenth of a merchant's monthly quota for confirmations.
///
/// Pure apart from its limiters: the sender calls ``plan`` with the state and the time, and acts on the result.
struct DeliveryPlanner {
    /// What to do now.
    struct Plan {
        /// Notifications to push.
        var sends: [Notification] = []
        /// Notifications settled without pushing (expired, quota).
        var settled: [NotificationOutcome] = []
    }

    /// Per merchant, what the planner needs from the state.
    private struct Candidates {
        var merchantID: MerchantID
        var due: [Notification]
        var used: Int
        var limit: Int
    }

    private var channelLimiters: [MerchantID: PushRateLimiter] = [:]
    private var globalLimiter: PushRateLimiter
    private let channelRate: Int
    private let window: Duration
    private var rotation = 0

    init(configuration: LineConfiguration) {
        channelRate = configuration.channelPushesPerSecond
        window = .seconds(1) + configuration.rateWindowMargin
        globalLimiter = PushRateLimiter(limit: configuration.globalPushesPerSecond, window: window)
    }

    /// The share of the monthly quota reminders may use: all but the last tenth.
    static func reminderLimit(_ limit: Int) -> Int { limit - (limit + 9) / 10 }

    /// Plans up to `capacity` pushes at `now`, skipping notifications in flight and paused channels.
    mutating func plan(
        state: borrowing EngineState,
        now: Instant,
        clock: ContinuousClock.Instant,
        capacity: Int,
        inFlight: InFlightNotifications,
        paused: (MerchantID) -> Bool
    ) -> Plan {
        var plan = Plan()
        var merchants = gather(state: state, now: now, capacity: capacity, inFlight: inFlight, paused: paused)
        guard !merchants.isEmpty else { return plan }
        rotation = (rotation + 1) % merchants.count
        merchants = Array(merchants[rotation...] + merchants[..<rotation])
        var remaining = capacity
        var round = 0
        var active = true
        while active && remaining > 0 {
            active = false
            for index in merchants.indices where round < merchants[index].due.count {
                let notification = merchants[index].due[round]
                active = true
                if notification.expiresAt <= now {
                    plan.settled.append(NotificationOutcome(id: notification.id, result: .expired))
                    continue
                }
                if let refusal = quotaRefusal(notification, used: merchants[index].used, limit: merchants[index].limit)
                {
                    plan.settled.append(NotificationOutcome(id: notification.id, result: refusal))
                    continue
                }
                guard remaining > 0, globalLimiter.allows(at: clock) else { return plan }
                var limiter =
                    channelLimiters[notification.merchantID]
                    ?? PushRateLimiter(limit: channelRate, window: window)
                guard limiter.allows(at: clock) else {
                    channelLimiters[notification.merchantID] = limiter
                    merchants[index].due.removeAll()  // this channel is done for now
                    continue
                }
                limiter.record(at: clock)
                channelLimiters[notification.merchantID] = limiter
                globalLimiter.record(at: clock)
                merchants[index].used += 1
                remaining -= 1
                plan.sends.append(notification)
            }
            round += 1
        }
        return plan
    }

    /// Why a notification must not use the quota: over the limit, or a reminder in the reserved last tenth.
    private func quotaRefusal(_ notification: Notification, used: Int, limit: Int) -> NotificationOutcome.Result? {
        guard limit > 0 else { return nil }  // 0: the plan has no monthly limit
        if used >= limit {
            let reason = "the monthly push limit of \(limit) is reached"
            return notification.kind.isEssential ? .failed(error: reason) : .cancelled(reason: reason)
        }
        if !notification.kind.isEssential, used >= Self.reminderLimit(limit) {
            return .cancelled(reason: "the last 10% of the monthly push limit is kept for confirmations")
        }
        return nil
    }

    /// The due notifications of every merchant whose channel may send, in merchant id order; a suspended salon's
    /// pushes wait until it is resumed (those past LINE's delivery window then expire, as after any pause).
    private func gather(
        state: borrowing EngineState,
        now: Instant,
        capacity: Int,
        inFlight: InFlightNotifications,
        paused: (MerchantID) -> Bool
    ) -> [Candidates] {
        let outbox = state.outbox
        var merchants: [Candidates] = []
        for merchantID in outbox.merchantsWithPending.sorted() {
            guard let channel = outbox.channels[merchantID], channel.state == .ok, !paused(merchantID),
                let merchant = state.catalog.merchants[merchantID], !merchant.suspended
            else { continue }
            let zone = merchant.zone
            let busy = inFlight.count(of: merchantID)
            let due = outbox.due(of: merchantID, at: now, limit: capacity + busy).filter { !inFlight.contains($0.id) }
            guard !due.isEmpty else { continue }
            let used = outbox.pushesSent(by: merchantID, inMonthOf: now, zone: zone) + busy
            merchants.append(
                Candidates(merchantID: merchantID, due: due, used: used, limit: channel.settings.monthlyPushLimit))
        }
        return merchants
    }
}

/// Notifications being pushed or waiting for their outcome to be logged: not planned again meanwhile.
struct InFlightNotifications: Sendable {
    private(set) var ids: Set<NotificationID> = []
    private var perMerchant: [MerchantID: Int] = [:]

    var total: Int { ids.count }

    func contains(_ id: NotificationID) -> Bool { ids.contains(id) }

    func count(of merchantID: MerchantID) -> Int { perMerchant[merchantID] ?? 0 }

    mutating func insert(_ notification: Notification) {
        guard ids.insert(notification.id).inserted else { return }
        perMerchant[notification.merchantID, default: 0] += 1
    }

    mutating func remove(_ id: NotificationID, merchantID: MerchantID) {
        guard ids.remove(id) != nil else { return }
        perMerchant[merchantID, default: 1] -= 1
        if perMerchant[merchantID] == 0 { perMerchant[merchantID] = nil }
    }
}
