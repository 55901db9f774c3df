import Testing

@testable import Core

@Suite struct InstantTests {
    private let bookingStart = Instant(secondsSinceEpoch: 1_795_759_200)  // 2026-11-27T06:00:00Z

    @Test func arithmetic() {
        var instant = bookingStart
        #expect((bookingStart + 90) - bookingStart == 90)
        #expect(bookingStart - 60 == Instant(secondsSinceEpoch: 1_795_759_140))
        #expect(bookingStart.adding(minutes: 45) == bookingStart + 2_700)
        #expect(bookingStart.adding(minutes: -45) == bookingStart - 2_700)
        instant += 10
        instant -= 4
        #expect(instant - bookingStart == 6)
        #expect(bookingStart < instant)
    }

    @Test(arguments: [
        (Int64(1_795_759_200), "2026-11-27T06:00:00Z"), (0, "1970-01-01T00:00:00Z"), (-1, "1969-12-31T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"), (253_402_300_799, "9999-12-31T23:59:59Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
    ])
    func describesAsRFC3339InUTC(seconds: Int64, text: String) {
        #expect(Instant(secondsSinceEpoch: seconds).description == text)
    }

    @Test func describesExtremesWithoutTrapping() {
        #expect(Instant(secondsSinceEpoch: Int64.max).description.hasPrefix("+292277026596-12-04T15:30:07"))
        #expect(Instant(secondsSinceEpoch: Int64.min).description.hasPrefix("-292277022657-01-27T08:29:52"))
    }
}
