import Foundation
import Testing

@testable import Core

@Suite struct LocalDateTests {
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Foundation's Gregorian calendar switches to Julian before 1582-10-15; compare only after that.
    private static let foundationComparableDays: ClosedRange<Int64> = -141_427...2_932_896

    @Test func epochAndLimits() {
        #expect(LocalDate(daysSinceEpoch: 0) == LocalDate(year: 1970, month: 1, day: 1))
        #expect(LocalDate(year: 1, month: 1, day: 1)?.daysSinceEpoch == -719_162)
        #expect(LocalDate(year: 9999, month: 12, day: 31)?.daysSinceEpoch == 2_932_896)
        #expect(LocalDate(year: 1582, month: 10, day: 15)?.daysSinceEpoch == Self.foundationComparableDays.lowerBound)
    }

    @Test func roundTripsEveryDayOfYears1Through9999() {
        var previous = LocalDate(year: 1, month: 1, day: 1)!
        for days in Int64(-719_161)...2_932_896 {
            let date = LocalDate(daysSinceEpoch: days)
            guard date.daysSinceEpoch == days, previous < date, date.adding(days: -1) == previous else {
                Issue.record("day \(days) gives \(date) after \(previous)")
                return
            }
            let expected = LocalDate(year: date.year, month: date.month, day: date.day)
            guard expected == date else {
                Issue.record("day \(days) gives invalid \(date)")
                return
            }
            previous = date
        }
        #expect(previous == LocalDate(year: 9999, month: 12, day: 31))
    }

    @Test func matchesFoundationEveryDayFrom1900To2100() {
        let start = LocalDate(year: 1900, month: 1, day: 1)!.daysSinceEpoch
        let end = LocalDate(year: 2100, month: 12, day: 31)!.daysSinceEpoch
        for days in start...end where !matchesFoundation(days: days) {
            Issue.record("day \(days) differs from Foundation")
            return
        }
    }

    @Test func matchesFoundationOnRandomDays() {
        var random = TimeTestRandom.seeded()
        for _ in 0..<5_000 {
            let days = Int64.random(in: Self.foundationComparableDays, using: &random)
            #expect(matchesFoundation(days: days), "day \(days), \(random.replay)")
        }
    }

    private func matchesFoundation(days: Int64) -> Bool {
        let date = LocalDate(daysSinceEpoch: days)
        let foundationDate = Date(timeIntervalSince1970: TimeInterval(days * 86_400))
        let components = Self.utcCalendar.dateComponents([.year, .month, .day, .weekday], from: foundationDate)
        // Foundation's weekday is 1 = Sunday … 7 = Saturday.
        let isoWeekday = (components.weekday! + 5) % 7 + 1
        return components.year == date.year && components.month == date.month && components.day == date.day
            && isoWeekday == date.isoWeekday
    }

    @Test(arguments: [
        (2024, 2, 29, true), (2100, 2, 29, false), (2000, 2, 29, true), (2026, 2, 29, false), (2026, 2, 28, true),
        (2026, 4, 31, false), (2026, 12, 31, true), (2026, 13, 1, false), (2026, 0, 1, false), (2026, 1, 0, false),
        (0, 1, 1, false), (1, 1, 1, true), (9999, 12, 31, true), (10_000, 1, 1, false), (-1, 1, 1, false),
    ])
    func validity(year: Int, month: Int, day: Int, valid: Bool) {
        #expect((LocalDate(year: year, month: month, day: day) != nil) == valid)
    }

    @Test(arguments: [
        ("2026-11-27", 5), ("1970-01-01", 4), ("2000-01-01", 6), ("0001-01-01", 1), ("2024-02-29", 4),
        ("2026-03-08", 7), ("2026-11-30", 1),
    ])
    func isoWeekday(text: String, weekday: Int) {
        #expect(LocalDate(text)?.isoWeekday == weekday)
    }

    @Test(arguments: ["2026-11-27", "2024-02-29", "0001-01-01", "9999-12-31", "2000-02-29"])
    func parsesAndFormats(text: String) {
        #expect(LocalDate(text)?.description == text)
    }

    @Test(arguments: [
        "2026-2-1", "2026-13-01", "2026-02-30", "", "garbage", "2100-02-29", "0000-01-01", "2026-00-10",
        "2026-01-00", " 2026-01-01", "2026-01-01 ", "2026/01/01", "+026-01-01", "2026-01-0a", "20260101",
        "2026-01-01T00:00", "２０２６-01-01", "2026-1-01", "99999-01-01", "2026--1-01", "-2026-01-01",
    ])
    func rejects(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func addsDaysAcrossMonthsAndYears() {
        let date = LocalDate(year: 2024, month: 2, day: 28)!
        #expect(date.adding(days: 1) == LocalDate(year: 2024, month: 2, day: 29))
        #expect(date.adding(days: 2) == LocalDate(year: 2024, month: 3, day: 1))
        #expect(date.adding(days: 366) == LocalDate(year: 2025, month: 2, day: 28))
        #expect(date.adding(days: -59) == LocalDate(year: 2023, month: 12, day: 31))
        #expect(date.adding(days: 0) == date)
    }

    @Test func ordersChronologically() {
        let dates = ["2026-01-31", "2025-12-31", "2026-02-01", "2026-01-01"].compactMap(LocalDate.init)
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-01-01", "2026-01-31", "2026-02-01"])
    }

    @Test func computedDatesOutsideYears1Through9999StillDescribe() {
        #expect(LocalDate(daysSinceEpoch: -719_163).description == "0000-12-31")
        #expect(LocalDate(daysSinceEpoch: -719_163 - 366).description == "-000001-12-31")
        #expect(LocalDate(daysSinceEpoch: 2_932_897).description == "+010000-01-01")
        #expect(LocalDate(daysSinceEpoch: Int64.max / 86_400).year > 290_000_000_000)
        #expect(LocalDate(daysSinceEpoch: Int64.min / 86_400 - 1).year < -290_000_000_000)
    }
}
