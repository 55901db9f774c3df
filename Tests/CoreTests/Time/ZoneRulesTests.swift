import Foundation
import Testing

@testable import Core

@Suite struct ZoneRulesTests {
    private static let hour: Int64 = 3_600

    private func zone(_ identifier: String) -> ZoneRules {
        guard let rules = ZoneRules(identifier: identifier) else {
            preconditionFailure("test zone \(identifier) unknown to Foundation")
        }
        return rules
    }

    private func date(_ text: String) -> LocalDate {
        guard let date = LocalDate(text) else { preconditionFailure("bad test date \(text)") }
        return date
    }

    private func instant(_ text: String) -> Instant {
        guard let instant = RFC3339.parse(text) else { preconditionFailure("bad test instant \(text)") }
        return instant
    }

    @Test(arguments: ["Mars/Olympus_Mons", "", "asia/taipei", "Asia/Taipei ", "+08:00"])
    func rejectsUnknownZones(identifier: String) {
        #expect(ZoneRules(identifier: identifier) == nil)
    }

    @Test(arguments: [("Asia/Taipei", 28_800), ("Asia/Tokyo", 32_400), ("Asia/Bangkok", 25_200)])
    func fixedOffsetZonesToday(identifier: String, offsetSeconds: Int) {
        let rules = zone(identifier)
        for day in 0..<366 {
            let midnight = rules.startOfDay(date("2026-01-01").adding(days: day))
            #expect(rules.offsetSeconds(at: midnight) == offsetSeconds)
            #expect(rules.startOfDay(date("2026-01-01").adding(days: day + 1)) - midnight == 24 * Self.hour)
        }
        let bookingDay = date("2026-11-27")
        let start = rules.instant(on: bookingDay, at: 14 * 60)
        // 1_795_737_600 is 2026-11-27T00:00:00Z, the local midnight read as if it were UTC.
        #expect(start.secondsSinceEpoch == 1_795_737_600 + 14 * Self.hour - Int64(offsetSeconds))
        #expect(rules.localDateTime(at: start) == (bookingDay, 14 * 3_600))
        #expect(rules.instant(on: bookingDay, at: 1_440) == rules.startOfDay(date("2026-11-28")))
    }

    @Test func taipeiBookingExample() {
        let taipei = zone("Asia/Taipei")
        #expect(taipei.instant(on: date("2026-11-27"), at: 14 * 60) == instant("2026-11-27T06:00:00Z"))
        #expect(taipei.startOfDay(date("2026-11-27")) == instant("2026-11-26T16:00:00Z"))
        #expect(RFC3339.format(instant("2026-11-27T06:00:00Z"), in: taipei) == "2026-11-27T14:00:00+08:00")
    }

    @Test func newYorkSpringForwardDayHas23Hours() {
        let newYork = zone("America/New_York")
        let changeDay = date("2026-03-08")
        let start = newYork.startOfDay(changeDay)
        #expect(start == instant("2026-03-08T05:00:00Z"))
        #expect(newYork.startOfDay(date("2026-03-09")) - start == 23 * Self.hour)
        // 02:00–02:59 does not exist; it resolves forward with the offset before the jump (EST).
        #expect(newYork.instant(on: changeDay, at: 2 * 60 + 30) == instant("2026-03-08T07:30:00Z"))
        #expect(newYork.instant(on: changeDay, at: 2 * 60) == instant("2026-03-08T07:00:00Z"))
        #expect(newYork.instant(on: changeDay, at: 3 * 60) == instant("2026-03-08T07:00:00Z"))
        #expect(newYork.instant(on: changeDay, at: 1 * 60 + 59) == instant("2026-03-08T06:59:00Z"))
        #expect(newYork.localDateTime(at: instant("2026-03-08T07:30:00Z")) == (changeDay, 3 * 3_600 + 30 * 60))
        #expect(newYork.offsetSeconds(at: instant("2026-03-08T06:59:59Z")) == -18_000)
        #expect(newYork.offsetSeconds(at: instant("2026-03-08T07:00:00Z")) == -14_400)
        #expect(newYork.instant(on: changeDay, at: 1_440) == newYork.startOfDay(date("2026-03-09")))
    }

    @Test func newYorkFallBackDayHas25Hours() {
        let newYork = zone("America/New_York")
        let changeDay = date("2026-11-01")
        let start = newYork.startOfDay(changeDay)
        #expect(start == instant("2026-11-01T04:00:00Z"))
        #expect(newYork.startOfDay(date("2026-11-02")) - start == 25 * Self.hour)
        // 01:00–01:59 happens twice; the earlier (EDT) reading wins.
        #expect(newYork.instant(on: changeDay, at: 1 * 60 + 30) == instant("2026-11-01T05:30:00Z"))
        #expect(newYork.instant(on: changeDay, at: 1 * 60) == instant("2026-11-01T05:00:00Z"))
        #expect(newYork.instant(on: changeDay, at: 2 * 60) == instant("2026-11-01T07:00:00Z"))
        #expect(newYork.localDateTime(at: instant("2026-11-01T06:30:00Z")) == (changeDay, 1 * 3_600 + 30 * 60))
        #expect(newYork.instant(on: changeDay, at: 1_440) == newYork.startOfDay(date("2026-11-02")))
    }

    /// (zone, date, length of that local day in minutes).
    static let dayLengthCases: [(String, String, Int64)] = [
        ("Europe/London", "2026-03-29", 23 * 60), ("Europe/London", "2026-10-25", 25 * 60),
        ("Australia/Lord_Howe", "2026-04-05", 24 * 60 + 30), ("Australia/Lord_Howe", "2026-10-04", 23 * 60 + 30),
        ("America/New_York", "2026-03-08", 23 * 60), ("Asia/Taipei", "2026-03-08", 24 * 60),
    ]

    @Test(arguments: dayLengthCases)
    func dayLengths(identifier: String, day: String, minutes: Int64) {
        let rules = zone(identifier)
        let length = rules.startOfDay(date(day).adding(days: 1)) - rules.startOfDay(date(day))
        #expect(length == minutes * 60)
        #expect(rules.instant(on: date(day), at: 1_440) - rules.instant(on: date(day), at: 0) == minutes * 60)
    }

    @Test func midnightInAGapStartsAtTheFirstExistingMinute() {
        // Brazil sprang forward at midnight until 2019: 2018-11-04 began at 01:00.
        let saoPaulo = zone("America/Sao_Paulo")
        let start = saoPaulo.startOfDay(date("2018-11-04"))
        #expect(start == instant("2018-11-04T03:00:00Z"))
        #expect(saoPaulo.localDateTime(at: start) == (date("2018-11-04"), 3_600))
        #expect(saoPaulo.localDateTime(at: start - 1) == (date("2018-11-03"), 86_399))
        // Apia skipped 2011-12-30 altogether; its "start" is where the gap ends, the start of the 31st.
        let apia = zone("Pacific/Apia")
        #expect(apia.startOfDay(date("2011-12-30")) == apia.startOfDay(date("2011-12-31")))
        #expect(apia.localDateTime(at: apia.startOfDay(date("2011-12-31"))) == (date("2011-12-31"), 0))
    }

    @Test func equalityAndHashing() {
        #expect(zone("Asia/Tokyo") == zone("Asia/Tokyo"))
        #expect(zone("Asia/Tokyo") != zone("Asia/Taipei"))
        #expect(Set([zone("Asia/Tokyo"), zone("Asia/Tokyo"), zone("Asia/Bangkok")]).count == 2)
        #expect(zone("Asia/Taipei").transitions.count < ZoneTransitionScanner.transitionsMax)
    }

    @Test func extremeInstantsDoNotTrap() {
        let rules = zone("Australia/Lord_Howe")
        #expect(rules.localDateTime(at: Instant(secondsSinceEpoch: Int64.max)).date.year > 290_000_000_000)
        #expect(rules.localDateTime(at: Instant(secondsSinceEpoch: Int64.min)).date.year < -290_000_000_000)
        #expect(
            rules.offsetSeconds(at: Instant(secondsSinceEpoch: Int64.min)) == rules.transitions[0].offsetSecondsAfter)
    }
}
