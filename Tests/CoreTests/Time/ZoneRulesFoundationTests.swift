import Foundation
import Testing

@testable import Core

/// Randomized comparisons of `ZoneRules` against Foundation's own conversions.
@Suite struct ZoneRulesFoundationTests {
    static let identifiers = [
        "Asia/Taipei", "Asia/Tokyo", "Asia/Bangkok", "America/New_York", "Europe/London", "Australia/Lord_Howe",
        "America/Sao_Paulo", "Pacific/Apia", "Africa/Monrovia", "Europe/Moscow", "Asia/Kolkata", "UTC",
    ]

    /// 1901-01-01 to 2199-12-31, inside the precomputed span.
    private static let comparableSeconds: ClosedRange<Int64> = -2_177_452_800...7_258_031_999
    /// Dates whose neighbourhood lies inside `comparableSeconds`.
    private static let comparableDays: ClosedRange<Int64> = -25_200...84_000

    @Test(arguments: identifiers)
    func offsetsAndLocalTimesMatchFoundation(identifier: String) {
        var random = TimeTestRandom.seeded()
        let rules = ZoneRules(identifier: identifier)!
        let foundationZone = TimeZone(identifier: identifier)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = foundationZone
        var instants = (0..<3_000).map { _ in Int64.random(in: Self.comparableSeconds, using: &random) }
        // Foundation's own transitions, and the seconds either side of them.
        var cursor = Date(timeIntervalSince1970: TimeInterval(Self.comparableSeconds.lowerBound))
        while let next = foundationZone.nextDaylightSavingTimeTransition(after: cursor),
            next.timeIntervalSince1970 < TimeInterval(Self.comparableSeconds.upperBound)
        {
            let seconds = Int64(next.timeIntervalSince1970)
            instants += [seconds - 1, seconds, seconds + 1]
            cursor = next
        }
        for seconds in instants {
            let instant = Instant(secondsSinceEpoch: seconds)
            let foundationDate = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(
                rules.offsetSeconds(at: instant) == foundationZone.secondsFromGMT(for: foundationDate),
                "\(identifier) at \(instant), \(random.replay)")
            let local = rules.localDateTime(at: instant)
            let components = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second], from: foundationDate)
            let foundationSecondsOfDay = components.hour! * 3_600 + components.minute! * 60 + components.second!
            #expect(
                local.date == LocalDate(year: components.year!, month: components.month!, day: components.day!)
                    && local.secondsOfDay == foundationSecondsOfDay,
                "\(identifier) at \(instant): \(local), \(random.replay)")
        }
    }

    /// Wall-clock readings near each transition and at random, checked against a brute-force search that asks
    /// Foundation for every offset the zone uses around the reading.
    @Test(arguments: identifiers)
    func wallClockReadingsResolveLikeTemporalCompatible(identifier: String) {
        var random = TimeTestRandom.seeded()
        let rules = ZoneRules(identifier: identifier)!
        let foundationZone = TimeZone(identifier: identifier)!
        var readings: [Int64] = (0..<500).map { _ in
            let day = Int64.random(in: Self.comparableDays, using: &random)
            return day * 86_400 + Int64.random(in: 0...1_440, using: &random) * 60
        }
        var cursor = Date(timeIntervalSince1970: TimeInterval(Self.comparableSeconds.lowerBound))
        while let next = foundationZone.nextDaylightSavingTimeTransition(after: cursor),
            next.timeIntervalSince1970 < TimeInterval(Self.comparableSeconds.upperBound - 86_400 * 3)
        {
            let seconds = Int64(next.timeIntervalSince1970)
            let before = Int64(foundationZone.secondsFromGMT(for: next - 1))
            let after = Int64(foundationZone.secondsFromGMT(for: next))
            for edge in [seconds + before, seconds + after] {
                // Whole minutes only: that is what `instant(on:at:)` takes.
                let minute = edge - ((edge % 60) + 60) % 60
                readings += [minute - 60, minute, minute + 60, minute + 1_800, minute - 1_800]
            }
            cursor = next
        }
        for local in readings {
            let (days, secondsOfDay) = CivilCalendar.daysAndSeconds(local)
            let expected = Self.foundationResolution(of: local, in: foundationZone)
            let actual = rules.instant(on: LocalDate(daysSinceEpoch: days), at: Int(secondsOfDay / 60))
            #expect(actual.secondsSinceEpoch == expected, "\(identifier) local \(local), \(random.replay)")
        }
    }

    /// The earliest instant whose Foundation wall clock reads `local`, or in a gap `local` read with the offset
    /// in force just before the gap.
    private static func foundationResolution(of local: Int64, in zone: TimeZone) -> Int64 {
        func offset(_ seconds: Int64) -> Int64 {
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
        let window: Int64 = 2 * 86_400
        let offsets = Set(stride(from: local - window, through: local + window, by: 900).map(offset))
        let hits = offsets.map { local - $0 }.filter { local - offset($0) == $0 }
        if let earliest = hits.min() {
            return earliest
        }
        var cursor = Date(timeIntervalSince1970: TimeInterval(local - window))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor) {
            let transition = Int64(next.timeIntervalSince1970)
            let before = offset(transition - 1)
            if transition + before <= local && local < transition + offset(transition) {
                return local - before
            }
            precondition(transition < local + window, "no gap found for a reading that never occurs")
            cursor = next
        }
        preconditionFailure("no gap found for a reading that never occurs")
    }

    @Test(arguments: identifiers)
    func startOfDayIsTheFirstInstantOfTheDate(identifier: String) {
        var random = TimeTestRandom.seeded()
        let rules = ZoneRules(identifier: identifier)!
        for _ in 0..<1_000 {
            let date = LocalDate(daysSinceEpoch: Int64.random(in: Self.comparableDays, using: &random))
            let start = rules.startOfDay(date)
            if identifier == "Pacific/Apia" && date == LocalDate(year: 2011, month: 12, day: 30) {
                continue  // the date that never happened
            }
            #expect(rules.localDateTime(at: start).date == date, "\(identifier) \(date), \(random.replay)")
            #expect(rules.localDateTime(at: start - 1).date < date, "\(identifier) \(date), \(random.replay)")
        }
    }
}
