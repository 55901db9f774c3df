import Foundation

/// Builds the `messages` JSON array (the bytes `LineClient.push` splices in) for each kind of booking message.
///
/// Confirmation, rescheduled, cancellation and reminder are all one Flex bubble of the same shape (title, salon,
/// service, stylist, time, one link button): a reminder is the most glanceable as a card too, and one shape keeps the
/// four consistent. Welcome and the empty upcoming list are text. Every text is clamped to LINE's limits
/// (5,000 characters for text, 1,500 for altText, 20 for button labels).
enum LineMessages {
    /// LINE's limit on a text message's `text`.
    static let textLengthMax = 5_000
    /// LINE's limit on a Flex message's `altText`.
    static let altTextLengthMax = 1_500
    /// The most bubbles in the upcoming-bookings carousel (LINE allows 12; later bookings are left out).
    static let carouselBubbleCountMax = 10

    private static let brandColor = "#C2185B"
    private static let rescheduledColor = "#1565C0"
    private static let cancelledColor = "#757575"

    /// "Your booking is confirmed": a Flex bubble with a "查看預約" button to the booking page.
    static func confirmation(_ facts: BookingMessageFacts, templates: LineMessageTemplates = .traditionalChinese)
        -> [UInt8]
    {
        let labels = templates.labels
        return detail(
            facts, templates: templates, altText: templates.confirmation, title: labels.confirmationTitle,
            color: brandColor, actions: [.uri(label: labels.viewBooking, uri: facts.bookingURL)])
    }

    /// "Your booking moved": the same bubble with the new time.
    static func rescheduled(_ facts: BookingMessageFacts, templates: LineMessageTemplates = .traditionalChinese)
        -> [UInt8]
    {
        let labels = templates.labels
        return detail(
            facts, templates: templates, altText: templates.rescheduled, title: labels.rescheduledTitle,
            color: rescheduledColor, actions: [.uri(label: labels.viewBooking, uri: facts.bookingURL)])
    }

    /// "Your booking is cancelled": the bubble with a "重新預約" button to the booking page.
    static func cancellation(_ facts: BookingMessageFacts, templates: LineMessageTemplates = .traditionalChinese)
        -> [UInt8]
    {
        let labels = templates.labels
        return detail(
            facts, templates: templates, altText: templates.cancellation, title: labels.cancellationTitle,
            color: cancelledColor, actions: [.uri(label: labels.bookAgain, uri: facts.bookingURL)])
    }

    /// "Your booking is coming up": the bubble, as a Flex message (see the type's summary for why).
    static func reminder(_ facts: BookingMessageFacts, templates: LineMessageTemplates = .traditionalChinese)
        -> [UInt8]
    {
        let labels = templates.labels
        return detail(
            facts, templates: templates, altText: templates.reminder, title: labels.reminderTitle,
            color: brandColor, actions: [.uri(label: labels.viewBooking, uri: facts.bookingURL)])
    }

    /// "A slot opened up": the bubble with "預約這個時段" (`action=accept-offer&entryId=<id>`) and "不用了"
    /// (`action=decline-offer&entryId=<id>`) postbacks for the waitlist entry the slot is held for.
    static func waitlistOffer(
        _ facts: BookingMessageFacts, entryID: String, templates: LineMessageTemplates = .traditionalChinese
    ) -> [UInt8] {
        let labels = templates.labels
        let id = postbackValue(entryID)
        return detail(
            facts, templates: templates, altText: templates.waitlistOffer, title: labels.offerTitle, color: brandColor,
            actions: [
                .postback(
                    label: labels.bookThisSlot, data: "action=accept-offer&entryId=\(id)",
                    displayText: labels.bookThisSlot),
                .postback(
                    label: labels.noThanks, data: "action=decline-offer&entryId=\(id)", displayText: labels.noThanks),
            ])
    }

    /// The greeting for a new friend, as text with the booking link.
    static func welcome(
        merchantName: String,
        bookingURL: String,
        templates: LineMessageTemplates = .traditionalChinese
    ) -> [UInt8] {
        text(LineMessageTemplates.fill(templates.welcome, ["merchant": merchantName, "url": bookingURL]))
    }

    /// A carousel of the first ten upcoming bookings (pass them in start order), each with "確認出席"
    /// (`action=confirm&bookingId=<id>`) and "取消預約" (`action=cancel&bookingId=<id>`) postbacks and a link to the
    /// booking; with none, a text with `bookingURL`.
    static func upcomingBookings(
        _ facts: [BookingMessageFacts],
        bookingURL: String,
        templates: LineMessageTemplates = .traditionalChinese
    ) -> [UInt8] {
        guard !facts.isEmpty else {
            return text(LineMessageTemplates.fill(templates.noUpcoming, ["url": bookingURL]))
        }
        let shown = facts.prefix(carouselBubbleCountMax)
        let labels = templates.labels
        let altText = LineMessageTemplates.fill(templates.upcoming, ["url": bookingURL])
        var json = JSONWriter(capacity: 2_048 * shown.count)
        json.array { messages in
            messages.object { message in
                message.field("type", "flex")
                message.field("altText", nonEmpty(LineFlex.clamped(altText, to: altTextLengthMax)))
                message.field("contents") { contents in
                    contents.object { carousel in
                        carousel.field("type", "carousel")
                        carousel.field("contents") { bubbles in
                            bubbles.array(shown) { items, booking in
                                let id = postbackValue(booking.bookingId)
                                LineFlex.bubble(
                                    &items, title: labels.upcomingTitle, color: brandColor,
                                    rows: rows(booking, labels: labels),
                                    actions: [
                                        .postback(
                                            label: labels.confirmAttendance, data: "action=confirm&bookingId=\(id)",
                                            displayText: labels.confirmAttendance),
                                        .postback(
                                            label: labels.cancelBooking, data: "action=cancel&bookingId=\(id)",
                                            displayText: labels.cancelBooking),
                                        .uri(label: labels.viewBooking, uri: booking.bookingURL),
                                    ])
                            }
                        }
                    }
                }
            }
        }
        return json.bytes
    }

    /// One plain text message (clamped to 5,000 characters; empty text becomes a single space, as LINE refuses "").
    static func text(_ text: String) -> [UInt8] {
        var json = JSONWriter(capacity: text.utf8.count + 32)
        json.array { messages in
            messages.object { message in
                message.field("type", "text")
                message.field("text", nonEmpty(LineFlex.clamped(text, to: textLengthMax)))
            }
        }
        return json.bytes
    }

    private static func detail(
        _ facts: BookingMessageFacts,
        templates: LineMessageTemplates,
        altText: String,
        title: String,
        color: String,
        actions: [LineFlex.Action]
    ) -> [UInt8] {
        let filled = LineMessageTemplates.fill(altText, values(facts, templates: templates))
        var json = JSONWriter(capacity: 2_048)
        json.array { messages in
            messages.object { message in
                message.field("type", "flex")
                message.field("altText", nonEmpty(LineFlex.clamped(filled, to: altTextLengthMax)))
                message.field("contents") { contents in
                    LineFlex.bubble(
                        &contents, title: title, color: color, rows: rows(facts, labels: templates.labels),
                        actions: actions)
                }
            }
        }
        return json.bytes
    }

    private static func rows(_ facts: BookingMessageFacts, labels: LineMessageTemplates.Labels)
        -> [(label: String, value: String)]
    {
        [
            (labels.merchant, facts.merchantName),
            (labels.service, facts.serviceName),
            (labels.staff, facts.staffName),
            (labels.time, facts.startsAtText),
        ]
    }

    private static func values(_ facts: BookingMessageFacts, templates: LineMessageTemplates) -> [String: String] {
        [
            "merchant": facts.merchantName,
            "service": facts.serviceName,
            "staff": facts.staffName,
            "time": facts.startsAtText,
            "customer": facts.customerName ?? templates.customerFallback,
            "url": facts.bookingURL,
        ]
    }

    /// The booking id percent-encoded for a form-style postback `data` string.
    private static func postbackValue(_ id: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }

    private static func nonEmpty(_ text: String) -> String { text.isEmpty ? " " : text }
}
