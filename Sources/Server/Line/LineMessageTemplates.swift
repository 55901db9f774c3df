/// The wording of Nailbook's LINE messages, per merchant language; texts may use the placeholders `{merchant}`,
/// `{service}`, `{staff}`, `{time}`, `{customer}` and `{url}` (the booking link).
///
/// The per-kind strings are the `altText` of the Flex messages (what the chat list and notifications show) and the
/// full text of the text messages; `labels` hold the fixed words inside the Flex bubbles.
struct LineMessageTemplates: Sendable, Equatable {
    /// The fixed words inside Flex bubbles and buttons (button labels should stay within LINE's 20 characters).
    struct Labels: Sendable, Equatable {
        var confirmationTitle: String
        var rescheduledTitle: String
        var cancellationTitle: String
        var reminderTitle: String
        var upcomingTitle: String
        var merchant: String
        var service: String
        var staff: String
        var time: String
        var viewBooking: String
        var bookAgain: String
        var confirmAttendance: String
        var cancelBooking: String
        var offerTitle: String
        var bookThisSlot: String
        var noThanks: String
    }

    /// Alt text of the confirmation message.
    var confirmation: String
    /// Alt text of the rescheduled message.
    var rescheduled: String
    /// Alt text of the cancellation message.
    var cancellation: String
    /// Alt text of the reminder message.
    var reminder: String
    /// Alt text of a waitlist offer ("a slot freed up: book it?").
    var waitlistOffer: String
    /// The whole welcome text, sent when someone adds the salon as a friend.
    var welcome: String
    /// Alt text of the upcoming-bookings carousel.
    var upcoming: String
    /// The text sent instead of the carousel when there is nothing upcoming.
    var noUpcoming: String
    /// What `{customer}` becomes when the name is unknown.
    var customerFallback: String
    /// The fixed words inside the bubbles.
    var labels: Labels

    /// Taiwanese salon wording (zh-TW), the default.
    static let traditionalChinese = LineMessageTemplates(
        confirmation: "預約確認：{service} {time}",
        rescheduled: "預約已更改：{service} {time}",
        cancellation: "預約已取消：{service} {time}",
        reminder: "{customer}您好，提醒您的預約：{time} {service}",
        waitlistOffer: "有空檔了！{service} {time}，要預約嗎？",
        welcome: "歡迎加入{merchant}！💅\n想預約美甲，點這裡就能線上預約，隨時查看空檔：\n{url}",
        upcoming: "您接下來的預約",
        noUpcoming: "目前沒有接下來的預約喔！想預約的話，點這裡：\n{url}",
        customerFallback: "",
        labels: Labels(
            confirmationTitle: "預約確認",
            rescheduledTitle: "預約時間已更改",
            cancellationTitle: "預約已取消",
            reminderTitle: "預約提醒",
            upcomingTitle: "接下來的預約",
            merchant: "店家",
            service: "服務項目",
            staff: "美甲師",
            time: "時間",
            viewBooking: "查看預約",
            bookAgain: "重新預約",
            confirmAttendance: "確認出席",
            cancelBooking: "取消預約",
            offerTitle: "候補空檔",
            bookThisSlot: "預約這個時段",
            noThanks: "不用了"
        )
    )

    /// English wording.
    static let english = LineMessageTemplates(
        confirmation: "Booking confirmed: {service} {time}",
        rescheduled: "Booking moved: {service} {time}",
        cancellation: "Booking cancelled: {service} {time}",
        reminder: "Hi {customer}, a reminder of your booking: {service} {time}",
        waitlistOffer: "A slot opened up: {service} {time}. Book it?",
        welcome: "Welcome to {merchant}! 💅\nBook online any time and see open slots here:\n{url}",
        upcoming: "Your upcoming bookings",
        noUpcoming: "You have no upcoming bookings. Book one here:\n{url}",
        customerFallback: "there",
        labels: Labels(
            confirmationTitle: "Booking confirmed",
            rescheduledTitle: "Booking moved",
            cancellationTitle: "Booking cancelled",
            reminderTitle: "Reminder",
            upcomingTitle: "Upcoming booking",
            merchant: "Salon",
            service: "Service",
            staff: "Stylist",
            time: "Time",
            viewBooking: "View booking",
            bookAgain: "Book again",
            confirmAttendance: "I'll be there",
            cancelBooking: "Cancel booking",
            offerTitle: "A slot opened up",
            bookThisSlot: "Book this slot",
            noThanks: "No thanks"
        )
    )

    /// The text a template name (`MessagingSettings.templateNames`) stands for; nil for an unknown name.
    func text(named name: String) -> String? {
        switch name {
        case "confirmation": return confirmation
        case "rescheduled": return rescheduled
        case "cancellation": return cancellation
        case "reminder": return reminder
        case "waitlistOffer": return waitlistOffer
        case "welcome": return welcome
        default: return nil
        }
    }

    /// Replaces the placeholders in `template` in one pass (a value that itself contains `{time}` stays as it is);
    /// unknown placeholders are left untouched.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        result.reserveCapacity(template.utf8.count)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                rest = rest[open...]
                break
            }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = values[name] {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}
