import Foundation

/// The 15-minute grid of the next days in the salons' zone, as the texts the requests carry.
///
/// Every salon of the world is in Asia/Taipei (UTC+8 all year, no daylight saving), opens 10:00–20:00 every day,
/// and books on a 15-minute grid; texts are made once so that a request only picks them.
struct SlotCalendar: Sendable {
    /// The salons' time zone.
    static let zoneIdentifier = "Asia/Taipei"
    /// The zone's offset from UTC, in seconds.
    static let offsetSeconds = 8 * 3600
    /// Opening and closing time, in minutes after local midnight.
    static let openingMinutes = 10 * 60
    static let closingMinutes = 20 * 60
    /// The grid step.
    static let slotMinutes = 15

    /// One local day.
    struct Day: Sendable {
        /// `YYYY-MM-DD`.
        let date: String
        /// Local midnight and the next, in UTC (`…Z`, so no `+` needs escaping in a query).
        let fromUTC: String
        let toUTC: String
        /// The start of every grid slot from opening to closing, with the zone's offset.
        let slotStarts: [String]
    }

    /// The days from tomorrow on.
    let days: [Day]

    /// The calendar of `dayCount` days starting tomorrow (local) after `now`.
    init(dayCount: Int, now: Date = Date()) {
        precondition(dayCount > 0, "at least one day")
        let localNow = Int(now.timeIntervalSince1970) + Self.offsetSeconds
        let todayNumber = localNow.floorDivided(by: 86_400)
        let slotCount = (Self.closingMinutes - Self.openingMinutes) / Self.slotMinutes
        days = (1...dayCount).map { offset in
            let dayNumber = todayNumber + offset
            let date = Self.civilDate(dayNumber: dayNumber)
            let midnightUTC = Date(timeIntervalSince1970: Double(dayNumber * 86_400 - Self.offsetSeconds))
            let starts = (0..<slotCount).map { index -> String in
                let minutes = Self.openingMinutes + index * Self.slotMinutes
                return date + "T" + Self.twoDigits(minutes / 60) + ":" + Self.twoDigits(minutes % 60) + ":00+08:00"
            }
            return Day(
                date: date,
                fromUTC: Self.utcText(midnightUTC),
                toUTC: Self.utcText(midnightUTC.addingTimeInterval(86_400)),
                slotStarts: starts
            )
        }
        precondition(days.count == dayCount && days.allSatisfy { $0.slotStarts.count == slotCount })
    }

    /// How many grid slots a service of `minutes` can start at in one day.
    static func startCount(durationMinutes minutes: Int) -> Int {
        precondition(minutes > 0 && minutes <= closingMinutes - openingMinutes, "the service fits in a day")
        return (closingMinutes - openingMinutes - minutes) / slotMinutes + 1
    }

    private static func utcText(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        let dayNumber = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - dayNumber * 86_400
        return civilDate(dayNumber: dayNumber) + "T" + twoDigits(secondOfDay / 3600) + ":"
            + twoDigits(secondOfDay / 60 % 60) + ":" + twoDigits(secondOfDay % 60) + "Z"
    }

    /// `YYYY-MM-DD` of a day counted from 1970-01-01 (Howard Hinnant's civil_from_days).
    private static func civilDate(dayNumber: Int) -> String {
        let z = dayNumber + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(year) + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Int {
    /// Division rounding towards minus infinity.
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
