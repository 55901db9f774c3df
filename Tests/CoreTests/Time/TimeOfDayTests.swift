import Testing

@testable import Core

@Suite struct TimeOfDayTests {
    @Test(arguments: [("00:00", 0), ("07:00", 420), ("12:30", 750), ("23:59", 1_439), ("24:00", 1_440)])
    func parses(text: String, minutes: Int) {
        #expect(TimeOfDay(text)?.minutes == minutes)
    }

    @Test(arguments: [
        "24:01", "7:00", "12:60", "", "25:00", "12:5", "12-30", "1230", " 12:30", "12:30 ", "+1:30", "12:30:00",
        "ab:cd", "99:99", "-1:00", "12:-1", "１２:30",
    ])
    func rejects(text: String) {
        #expect(TimeOfDay(text) == nil)
    }

    @Test func formatsEveryMinuteAndParsesItBack() {
        for minutes in 0...1_440 {
            let time = TimeOfDay(minutes: minutes)!
            #expect(TimeOfDay(time.description) == time)
        }
        #expect(TimeOfDay(minutes: 1_440)?.description == "24:00")
        #expect(TimeOfDay(minutes: 5)?.description == "00:05")
    }

    @Test(arguments: [-1, 1_441, Int.min, Int.max])
    func rejectsMinutesOutOfRange(minutes: Int) {
        #expect(TimeOfDay(minutes: minutes) == nil)
    }

    @Test func ordersByMinutes() {
        #expect(TimeOfDay("09:00")! < TimeOfDay("09:01")!)
        #expect(TimeOfDay("23:59")! < TimeOfDay("24:00")!)
    }
}
