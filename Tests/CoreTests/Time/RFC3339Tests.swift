import Foundation
import Testing

@testable import Core

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("2026-11-27T14:00:00+08:00", Int64(1_795_759_200)), ("2026-11-27T06:00:00Z", 1_795_759_200),
        ("2026-11-27t06:00:00z", 1_795_759_200), ("2026-11-27T06:00:00.999Z", 1_795_759_200),
        ("2026-11-27T14:00:00.5+08:00", 1_795_759_200), ("2026-11-27T06:00:00-00:00", 1_795_759_200),
        ("2026-11-27T06:00:00+00:00", 1_795_759_200), ("2026-11-27T00:30:00-05:30", 1_795_759_200),
        ("2026-11-28T05:59:00+23:59", 1_795_759_200), ("2026-11-26T06:01:00-23:59", 1_795_759_200),
        ("1970-01-01T00:00:00Z", 0), ("1969-12-31T23:59:59Z", -1), ("1969-12-31T23:59:59.9999Z", -1),
        ("2024-02-29T12:00:00Z", 1_709_208_000), ("0000-01-01T00:00:00Z", -62_167_219_200),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
        ("2026-11-27T06:00:00.123456789012345678901234567890Z", 1_795_759_200),
    ])
    func parses(text: String, seconds: Int64) {
        #expect(RFC3339.parse(text) == Instant(secondsSinceEpoch: seconds))
    }

    @Test(arguments: [
        "2026-11-27T14:00:00", "2026-13-27T14:00:00Z", "2026-00-27T14:00:00Z", "2026-02-30T14:00:00Z",
        "2026-02-29T14:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T14:60:00Z", "2026-11-27T14:00:60Z",
        "2026-11-27T14:00:00+24:00", "2026-11-27T14:00:00+08:60", "2026-11-27T14:00:00+0800", "2026-11-27T14:00:00+08",
        "2026-11-27T14:00:00Z ", "2026-11-27T14:00:00ZZ", "2026-11-27T14:00:00.Z", "2026-11-27T14:00:00.",
        " 2026-11-27T14:00:00Z", "2026-11-27 14:00:00Z", "2026-11-27X14:00:00Z", "", "garbage", "Z",
        "2026-11-27T14:00Z", "2026-11-27T14:00:00+08:00:00", "2026-11-27T14:00:00,5Z", "2026-1-27T14:00:00Z",
        "+2026-11-27T14:00:00Z", "2026-11-27T14:00:00+８:00", "2026-11-27T14:00:00.5.5Z", "2026-11-27T14:0a:00Z",
        "2026-11-27T14:00:00.12345678901234567890123456789012345678901234Z", "2026-11-27T14:00:00z+08:00",
    ])
    func rejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test(arguments: [
        ("Asia/Taipei", "2026-11-27T14:00:00+08:00"), ("Asia/Tokyo", "2026-11-27T15:00:00+09:00"),
        ("Asia/Bangkok", "2026-11-27T13:00:00+07:00"), ("UTC", "2026-11-27T06:00:00+00:00"),
        ("America/New_York", "2026-11-27T01:00:00-05:00"), ("Australia/Lord_Howe", "2026-11-27T17:00:00+11:00"),
        ("Asia/Kolkata", "2026-11-27T11:30:00+05:30"), ("America/St_Johns", "2026-11-27T02:30:00-03:30"),
    ])
    func formatsInAZone(identifier: String, text: String) {
        let instant = Instant(secondsSinceEpoch: 1_795_759_200)
        #expect(RFC3339.format(instant, in: ZoneRules(identifier: identifier)!) == text)
        #expect(RFC3339.parse(text) == instant)
    }

    @Test func formatsUTC() {
        #expect(RFC3339.formatUTC(Instant(secondsSinceEpoch: 1_795_759_200)) == "2026-11-27T06:00:00Z")
        #expect(RFC3339.formatUTC(Instant(secondsSinceEpoch: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func offsetsWithSecondsAreRoundedToTheMinuteAndStillRoundTrip() {
        // Monrovia kept -00:44:30 until 1972.
        let monrovia = ZoneRules(identifier: "Africa/Monrovia")!
        let instant = RFC3339.parse("1960-06-01T12:00:00Z")!
        #expect(monrovia.offsetSeconds(at: instant) == -2_670)
        #expect(RFC3339.format(instant, in: monrovia) == "1960-06-01T11:15:00-00:45")
    }

    @Test func roundTripsRandomInstants() {
        var random = TimeTestRandom.seeded()
        let zones = ["Asia/Taipei", "America/New_York", "Australia/Lord_Howe", "Africa/Monrovia", "UTC"].map {
            ZoneRules(identifier: $0)!
        }
        for _ in 0..<5_000 {
            // Years 0002 to 9998, so that every zone's local year stays four digits.
            let instant = Instant(
                secondsSinceEpoch: Int64.random(in: -62_104_060_800...253_339_228_799, using: &random))
            #expect(RFC3339.parse(RFC3339.formatUTC(instant)) == instant, "\(instant), \(random.replay)")
            for zone in zones {
                let text = RFC3339.format(instant, in: zone)
                #expect(RFC3339.parse(text) == instant, "\(text) in \(zone.identifier), \(random.replay)")
            }
        }
    }

    @Test func agreesWithFoundationOnRandomInstants() {
        var random = TimeTestRandom.seeded()
        let formatter = ISO8601DateFormatter()
        for _ in 0..<2_000 {
            let seconds = Int64.random(in: -2_208_988_800...7_258_118_400, using: &random)
            let text = RFC3339.formatUTC(Instant(secondsSinceEpoch: seconds))
            #expect(
                formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) == text, "\(random.replay)")
        }
    }

    @Test func neverTrapsOnRandomText() {
        var random = TimeTestRandom.seeded()
        let alphabet = Array("0123456789-:TtZz+.. x\u{0}é日".utf8)
        let valid = Array("2026-11-27T14:00:00.25+08:00".utf8)
        var accepted = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            switch round % 3 {
            case 0:
                bytes = (0..<Int.random(in: 0...80, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
            case 1:
                bytes = (0..<Int.random(in: 15...32, using: &random)).map { _ in alphabet.randomElement(using: &random)!
                }
            default:
                bytes = valid
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: bytes[index] = alphabet.randomElement(using: &random)!
                    case 1: bytes.remove(at: index)
                    default: bytes.insert(alphabet.randomElement(using: &random)!, at: index)
                    }
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if let instant = RFC3339.parse(text) {
                accepted += 1
                #expect(RFC3339.parse(RFC3339.formatUTC(instant)) == instant, "\(text), \(random.replay)")
            }
        }
        #expect(accepted > 0, "\(random.replay)")
    }
}
