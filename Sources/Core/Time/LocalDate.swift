/// A calendar date without a time zone (proleptic Gregorian).
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, 1...9999 when validated (see `init(daysSinceEpoch:)`).
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, from 1.
    public let day: Int

    /// Years accepted from callers; dates computed from instants may lie outside (see `init(daysSinceEpoch:)`).
    static let yearRange = 1...9999

    /// Days reachable from any `Instant` (Int64 seconds), with room for a zone offset; beyond this, the
    /// arithmetic below could overflow.
    static let daysSinceEpochMagnitudeMax: Int64 = 1 << 47

    /// Creates a date, or nil when it does not exist (Feb 30, month 13) or the year is outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.yearRange.contains(year), (1...12).contains(month) else { return nil }
        guard day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses strict "YYYY-MM-DD" (exactly ten ASCII bytes), nil on anything else.
    public init?(_ text: String) {
        let fields: (year: Int, month: Int, day: Int)? = TimeText.withBytes(text) { bytes in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            guard let year = TimeText.digits(bytes, at: 0, count: 4),
                let month = TimeText.digits(bytes, at: 5, count: 2),
                let day = TimeText.digits(bytes, at: 8, count: 2)
            else { return nil }
            return (year, month, day)
        }
        guard let fields else { return nil }
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    /// The date `daysSinceEpoch` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    ///
    /// Total over every day an `Instant` can fall on, so that converting any instant never traps; such a date may
    /// lie outside the years 1...9999 that the validating initialisers accept.
    public init(daysSinceEpoch: Int64) {
        precondition(daysSinceEpoch.magnitude <= Self.daysSinceEpochMagnitudeMax, "day count out of range")
        let civil = CivilCalendar.civil(daysSinceEpoch: daysSinceEpoch)
        self.year = Int(civil.year)
        self.month = civil.month
        self.day = civil.day
    }

    /// Days since 1970-01-01, which is 0.
    public var daysSinceEpoch: Int64 {
        CivilCalendar.daysSinceEpoch(year: Int64(year), month: Int64(month), day: Int64(day))
    }

    /// ISO 8601 day of the week: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let weekdayFromMonday = (daysSinceEpoch + 3) % 7
        return Int(weekdayFromMonday < 0 ? weekdayFromMonday + 7 : weekdayFromMonday) + 1
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    /// "YYYY-MM-DD" (an expanded, signed year outside 0...9999).
    public var description: String {
        TimeText.string { buffer in
            TimeText.writeDate(year: Int64(year), month: month, day: day, into: buffer, at: 0)
        }
    }

    /// Earlier dates order first.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
