/// Proleptic Gregorian calendar arithmetic on plain integers, after Howard Hinnant's `chrono`-compatible
/// algorithms (http://howardhinnant.github.io/date_algorithms.html).
enum CivilCalendar {
    static let secondsPerDay: Int64 = 86_400

    /// 1970-01-01 counted from 0000-03-01, the start of the 400-year era the algorithms work in.
    private static let epochDayOfEra: Int64 = 719_468
    private static let daysPerEra: Int64 = 146_097

    /// Days since 1970-01-01 of a valid (year, month, day).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        assert((1...12).contains(month) && (1...31).contains(day))
        // Years start in March so that the leap day is the last day of the year.
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * daysPerEra + dayOfEra - epochDayOfEra
    }

    /// The (year, month, day) of a count of days since 1970-01-01.
    static func civil(daysSinceEpoch days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + epochDayOfEra
        let era = (shifted >= 0 ? shifted : shifted - (daysPerEra - 1)) / daysPerEra
        let dayOfEra = shifted - era * daysPerEra
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        assert((1...12).contains(month) && (1...31).contains(day))
        return (year, Int(month), Int(day))
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        precondition((1...12).contains(month), "month out of range")
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Splits seconds since the epoch into whole days (rounded towards minus infinity) and the seconds into that day.
    static func daysAndSeconds(_ seconds: Int64) -> (days: Int64, secondsOfDay: Int64) {
        var days = seconds / secondsPerDay
        var secondsOfDay = seconds % secondsPerDay
        if secondsOfDay < 0 {
            days -= 1
            secondsOfDay += secondsPerDay
        }
        assert((0..<secondsPerDay).contains(secondsOfDay))
        return (days, secondsOfDay)
    }
}
