import Core

/// The API's JSON shapes of LINE channels and notifications. Secrets never appear: only the token's last four
/// characters.
extension JSONWriter {
    mutating func lineChannel(_ channel: LineChannel, merchant: Merchant, line: LineIntegration, now: Instant) {
        let settings = channel.settings
        object { json in
            json.field("merchantId", channel.merchantID.description)
            json.field("channelId", channel.channelID)
            json.field("liffId", channel.liffID)
            json.field("loginChannelId", channel.loginChannelID)
            json.field("accessTokenLast4", channel.accessTokenLast4)
            json.field("state", channel.state.name)
            json.field("webhookUrl", line.configuration.webhookURL(merchantID: merchant.id))
            json.field("bookingUrl", line.configuration.bookingURL(merchantID: merchant.id, liffID: channel.liffID))
            json.field("reminderOffsetsMinutes") { json in
                json.array(settings.reminderOffsetsMinutes) { json, offset in json.value(offset) }
            }
            json.field("monthlyPushLimit", settings.monthlyPushLimit)
            json.field("bookingKeywords") { json in
                json.array(settings.bookingKeywords) { json, keyword in json.string(keyword) }
            }
            json.field("language", settings.language)
            json.field("templates") { json in
                json.object { json in
                    for (name, text) in settings.templates.sorted(by: { $0.key < $1.key }) { json.field(name, text) }
                }
            }
            json.field("quota") { json in json.quota(channel, merchant: merchant, line: line, now: now) }
            json.time("updatedAt", channel.updatedAt, merchant.zone)
        }
    }

    private mutating func quota(_ channel: LineChannel, merchant: Merchant, line: LineIntegration, now: Instant) {
        let used = line.sentThisMonth(by: merchant, now: now)
        let limit = channel.settings.monthlyPushLimit
        let date = merchant.zone.localDateTime(at: now).date
        object { json in
            json.field("month", String(date.description.prefix(7)))
            json.field("sent", used)
            json.field("limit", limit)
            json.field("warning", limit > 0 && used * 10 >= limit * 8)
        }
    }

    mutating func notification(_ notification: Notification, status: NotificationStatus, zone: ZoneRules) {
        object { json in
            json.field("id", notification.id.description)
            json.field("bookingId", notification.bookingID.description)
            json.field("customerId", notification.customerID.description)
            json.field("kind", notification.kind.name)
            json.field("status", status.name)
            json.field("attempts", notification.attempts)
            json.field("lastError", notification.lastError)
            json.time("createdAt", notification.createdAt, zone)
            json.time("sentAt", notification.sentAt, zone)
        }
    }
}
