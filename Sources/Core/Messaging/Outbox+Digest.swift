extension Outbox {
    /// Adds everything durable in the outbox to a state digest.
    func digest(into hasher: inout StableHasher) {
        for merchantID in channels.keys.sorted() {
            guard let channel = channels[merchantID] else { continue }
            hasher.combine(merchantID)
            hasher.combine(channel.channelID)
            for byte in channel.sealedSecret + channel.sealedAccessToken { hasher.combine(UInt64(byte)) }
            hasher.combine(channel.accessTokenLast4)
            hasher.combine(channel.liffID) { $0.combine($1) }
            hasher.combine(channel.loginChannelID) { $0.combine($1) }
            hasher.combine(UInt64(channel.state.rawValue))
            for offset in channel.settings.reminderOffsetsMinutes { hasher.combine(offset) }
            hasher.combine(channel.settings.monthlyPushLimit)
            for keyword in channel.settings.bookingKeywords { hasher.combine(keyword) }
            hasher.combine(channel.settings.language)
            for (name, text) in channel.settings.templates.sorted(by: { $0.key < $1.key }) {
                hasher.combine(name)
                hasher.combine(text)
            }
            hasher.combine(channel.updatedAt)
        }
        for notification in notifications.values.sorted(by: { $0.id < $1.id }) {
            hasher.combine(notification.id)
            hasher.combine(notification.bookingID)
            hasher.combine(notification.retryKey)
            hasher.combine(UInt64(notification.kind.rawValue))
            hasher.combine(UInt64(notification.status.rawValue))
            hasher.combine(notification.dueAt)
            hasher.combine(notification.expiresAt)
            hasher.combine(notification.attempts)
            hasher.combine(notification.lastError) { $0.combine($1) }
            hasher.combine(notification.sentAt) { $0.combine($1) }
        }
        for id in unreachableCustomers.sorted() { hasher.combine(id) }
        for merchantID in monthlyUsage.keys.sorted() {
            hasher.combine(merchantID)
            hasher.combine(monthlyUsage[merchantID]?.month ?? 0)
            hasher.combine(monthlyUsage[merchantID]?.sent ?? 0)
        }
        for (at, key) in webhookEventLog.kept {
            hasher.combine(at)
            hasher.combine(key.merchantID)
            hasher.combine(key.eventID)
        }
    }
}
