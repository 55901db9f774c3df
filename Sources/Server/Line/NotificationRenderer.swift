import Core

/// Turns a notification into the LINE messages it sends, from the state as it is now (so a confirmation still
/// waiting when the booking moved shows the new time), in the merchant's language and templates.
struct NotificationRenderer: Sendable {
    let configuration: LineConfiguration

    /// The merchant's templates: the built-in ones of its language with its own texts on top.
    static func templates(for settings: MessagingSettings) -> LineMessageTemplates {
        var templates: LineMessageTemplates = settings.language == "en" ? .english : .traditionalChinese
        for (name, text) in settings.templates {
            switch name {
            case NotificationKind.confirmation.name: templates.confirmation = text
            case NotificationKind.rescheduled.name: templates.rescheduled = text
            case NotificationKind.cancellation.name: templates.cancellation = text
            case NotificationKind.reminder.name: templates.reminder = text
            case NotificationKind.waitlistOffer.name: templates.waitlistOffer = text
            case "welcome": templates.welcome = text
            default: continue
            }
        }
        return templates
    }

    /// The facts a message about `booking` shows.
    func facts(of booking: Booking, in state: borrowing EngineState, channel: LineChannel) -> BookingMessageFacts? {
        let catalog = state.catalog
        guard let merchant = catalog.merchants[booking.merchantID] else { return nil }
        return BookingMessageFacts(
            bookingId: booking.id.description,
            merchantName: merchant.name,
            serviceName: catalog.serviceNames(of: booking),
            staffName: catalog.staffNames(of: booking),
            startsAtText: Self.timeText(booking.startsAt, zone: merchant.zone, language: channel.settings.language),
            customerName: catalog.customers[booking.customerID]?.displayName,
            bookingURL: configuration.bookingURL(merchantID: merchant.id, liffID: channel.liffID)
        )
    }

    /// The `messages` array of a notification; nil when its booking (or its offer) or channel is gone.
    func messages(for notification: Notification, in state: borrowing EngineState) -> [UInt8]? {
        if notification.kind == .waitlistOffer { return offerMessages(for: notification, in: state) }
        guard let channel = state.outbox.channels[notification.merchantID],
            let booking = state.ledger.bookings[notification.bookingID],
            let facts = facts(of: booking, in: state, channel: channel)
        else { return nil }
        let templates = Self.templates(for: channel.settings)
        switch notification.kind {
        case .confirmation: return LineMessages.confirmation(facts, templates: templates)
        case .rescheduled: return LineMessages.rescheduled(facts, templates: templates)
        case .cancellation: return LineMessages.cancellation(facts, templates: templates)
        case .reminder: return LineMessages.reminder(facts, templates: templates)
        case .waitlistOffer: return nil
        }
    }

    /// The "book this slot" message of a waitlist offer while it is outstanding: the facts of the hold that keeps
    /// the slot, shown as the booking it would become.
    private func offerMessages(for notification: Notification, in state: borrowing EngineState) -> [UInt8]? {
        let holdID = HoldID(notification.bookingID.rawValue)
        guard let channel = state.outbox.channels[notification.merchantID],
            let entry = state.ledger.waitlist.entry(offeredBy: holdID), let hold = state.ledger.holds[holdID]
        else { return nil }
        var booking = Booking(
            id: notification.bookingID, merchantID: hold.merchantID, staffID: hold.staffID, serviceID: hold.serviceID,
            customerID: entry.customerID, startsAt: hold.startsAt, endsAt: hold.endsAt, bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0, note: "", createdAt: hold.createdAt, holdID: hold.id, origin: entry.origin)
        booking.items = hold.items
        guard let facts = facts(of: booking, in: state, channel: channel) else { return nil }
        return LineMessages.waitlistOffer(
            facts, entryID: entry.id.description, templates: Self.templates(for: channel.settings))
    }

    /// A start time as a customer reads it: "11月30日（一）14:30" in zh-TW, "Mon 30 Nov 14:30" in English.
    static func timeText(_ instant: Instant, zone: ZoneRules, language: String) -> String {
        let (date, seconds) = zone.localDateTime(at: instant)
        let minutes = seconds / 60
        let clock =
            (minutes / 60 < 10 ? "0" : "") + "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
        let weekday = date.isoWeekday - 1
        if language == "en" {
            let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return "\(days[weekday]) \(date.day) \(months[date.month - 1]) \(clock)"
        }
        let days = ["一", "二", "三", "四", "五", "六", "日"]
        return "\(date.month)月\(date.day)日（\(days[weekday])）\(clock)"
    }
}
