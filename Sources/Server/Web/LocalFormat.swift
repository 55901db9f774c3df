import Core

/// Dates, times and prices as a salon's customers read them: in the salon's zone, with local weekday names, and
/// the salon's currency.
enum LocalFormat {
    /// "12月1日（二）" / "Tue 1 Dec".
    static func date(_ date: LocalDate, _ texts: PageTexts) -> String {
        fill(texts["date_format"]) { name in
            switch name {
            case "month": return texts.months[date.month - 1]
            case "day": return String(date.day)
            case "weekday": return texts.weekdays[date.isoWeekday - 1]
            default: return nil
            }
        }
    }

    /// `format` with each `{name}` replaced by `value(name)`; unknown names stay as written.
    static func fill(_ format: String, _ value: (Substring) -> String?) -> String {
        var filled = ""
        var rest = format[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            filled += rest[..<open]
            let name = rest[rest.index(after: open)..<close]
            filled += value(name) ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return filled + rest
    }

    /// "14:30" in the salon's zone.
    static func time(_ instant: Instant, zone: ZoneRules) -> String {
        let seconds = zone.localDateTime(at: instant).secondsOfDay
        return clock(minutes: seconds / 60)
    }

    /// "14:30" from minutes after midnight.
    static func clock(minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }

    /// The date and time of an instant in the salon's zone.
    static func dateTime(_ instant: Instant, zone: ZoneRules, _ texts: PageTexts) -> String {
        date(zone.localDateTime(at: instant).date, texts) + " " + time(instant, zone: zone)
    }

    /// "NT$1,200" / "¥1,200" / "฿1,200", in the salon's currency.
    /// A waitlist window: "12月6日（日） 全天" when it runs to the end of its first day (a day's waitlist, joined
    /// from the booking page), else its start and end times.
    static func window(from: Instant, to: Instant, zone: ZoneRules, _ texts: PageTexts) -> String {
        let day = zone.localDateTime(at: from).date
        if to == zone.startOfDay(day.adding(days: 1)) { return date(day, texts) + " " + texts["whole_day"] }
        return dateTime(from, zone: zone, texts) + " – " + time(to, zone: zone)
    }

    static func price(_ amount: Int, currency: Currency) -> String {
        let symbol: String
        switch currency {
        case .twd: symbol = "NT$"
        case .jpy: symbol = "¥"
        case .thb: symbol = "฿"
        }
        var digits = String(abs(amount))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return (amount < 0 ? "-" : "") + symbol + digits + grouped
    }
}
