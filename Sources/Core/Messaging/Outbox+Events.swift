extension Outbox {
    /// Applies a messaging event; returns false for events that are not about messaging.
    mutating func apply(_ event: EngineEvent, catalog: Catalog) throws(InconsistentEvent) -> Bool {
        switch event {
        case .lineChannelStored(let channel):
            try InconsistentEvent.require(catalog.merchants[channel.merchantID] != nil, "no such merchant", event)
            setChannel(channel)
            forget(asOf: channel.updatedAt)
        case .lineReachabilityChanged(let customerID, let reachable, _):
            try InconsistentEvent.require(catalog.customers[customerID] != nil, "no such customer", event)
            setReachable(customerID, reachable)
        case .lineWebhookEventsHandled(let merchantID, let eventIDs, let at):
            try InconsistentEvent.require(catalog.merchants[merchantID] != nil, "no such merchant", event)
            for eventID in eventIDs { remember(WebhookEventKey(merchantID: merchantID, eventID: eventID), at: at) }
            forget(asOf: at)
        case .notificationResent(let id, let at, _):
            guard var notification = notifications[id], notification.status == .failed else {
                throw InconsistentEvent("only a failed notification is sent again", event)
            }
            notification.status = .pending
            notification.dueAt = at
            notification.settledAt = nil
            replace(notification)
            enqueue(notification)
        case .notificationsSettled(let outcomes, let at):
            for outcome in outcomes {
                try InconsistentEvent.require(notifications[outcome.id] != nil, "no such notification", event)
                record(outcome, at: at, catalog: catalog)
            }
            forget(asOf: at)
        default:
            return false
        }
        return true
    }

    /// Records one delivery outcome. Outcomes for a notification settled meanwhile (a booking cancelled while its
    /// push was in flight) are ignored, except `sent`, which is a fact: LINE has it, so it counts.
    private mutating func record(_ outcome: NotificationOutcome, at: Instant, catalog: Catalog) {
        guard var notification = notifications[outcome.id] else { return }
        let wasPending = notification.status == .pending
        guard wasPending || outcome.result == .sent, notification.status != .sent else { return }
        if outcome.result.countsAsAttempt { notification.attempts += 1 }
        switch outcome.result {
        case .sent:
            if wasPending { dequeue(notification) }
            notification.status = .sent
            notification.sentAt = at
            notification.settledAt = at
            replace(notification)
            if let month = outcome.quotaMonth {
                countSent(by: notification.merchantID, month: month)
            } else if let zone = catalog.merchants[notification.merchantID]?.zone {
                // Logs older than event format 3: the month as this host's zone database sees it.
                countSent(by: notification.merchantID, month: MonthlyUsage.month(of: at, in: zone))
            }
        case .retry(let nextAttemptAt, let error):
            dequeue(notification)
            notification.lastError = error
            notification.dueAt = nextAttemptAt
            replace(notification)
            enqueue(notification)
        case .channelRejected(let error):
            notification.lastError = error
            replace(notification)
            if var channel = channels[notification.merchantID] {
                channel.state = .tokenInvalid
                setChannel(channel)
            }
        case .failed(let error):
            replace(notification)
            settle(outcome.id, as: .failed, at: at, error: error)
        case .expired:
            settle(outcome.id, as: .expired, at: at, error: nil)
        case .cancelled(let reason):
            settle(outcome.id, as: .cancelled, at: at, error: reason)
        }
    }
}
