/// RFC 3339 timestamps.
public enum RFC3339 {
    /// Longest accepted input; the fixed fields take 25 bytes, the rest is room for fractional seconds.
    static let textLengthBytesMax = 64

    /// Largest accepted offset magnitude, 23:59 in seconds.
    static let offsetSecondsMax = 23 * 3_600 + 59 * 60

    /// Parses "2026-11-27T14:00:00+08:00", "…Z", lower-case "t"/"z", optional fractional seconds (truncated to
    /// whole seconds). nil on anything malformed (bad month/day/hour, missing offset, trailing garbage, offset
    /// beyond ±23:59, leap second 60, longer than 64 bytes). Never traps, whatever the input.
    public static func parse(_ text: String) -> Instant? {
        TimeText.withBytes(text) { bytes in
            guard bytes.count <= textLengthBytesMax else { return nil }
            return parse(bytes: bytes)
        }
    }

    /// Formats with the zone's offset at that instant: "2026-11-27T14:00:00+08:00" (never "Z"; "+00:00" in UTC).
    ///
    /// RFC 3339 offsets have no seconds, so an offset that has some (local mean time, before 1972) is rounded to
    /// the minute and the wall time is shown at that rounded offset; the text still parses back to `instant`.
    public static func format(_ instant: Instant, in zone: ZoneRules) -> String {
        TimeText.string { buffer in write(instant, in: zone, into: buffer) }
    }

    /// Bytes `write(_:in:into:)` may need.
    public static let formattedBytesMax = TimeText.capacityBytes

    /// Writes what `format(_:in:)` returns into `buffer` (at least `formattedBytesMax` bytes) and returns the count:
    /// for writers that put the text straight into a larger buffer, without a `String` in between.
    public static func write(_ instant: Instant, in zone: ZoneRules, into buffer: UnsafeMutableBufferPointer<UInt8>)
        -> Int
    {
        precondition(buffer.count >= formattedBytesMax, "no room for the timestamp")
        let offsetSeconds = zone.offsetSeconds(at: instant)
        let offsetMinutes = (offsetSeconds + (offsetSeconds >= 0 ? 30 : -30)) / 60
        return write(instant, offsetMinutes: offsetMinutes, useZ: false, into: buffer)
    }

    /// Formats in UTC with "Z": "2026-11-27T06:00:00Z".
    public static func formatUTC(_ instant: Instant) -> String {
        format(instant, offsetMinutes: 0, useZ: true)
    }

    /// Formats in UTC with a numeric offset, as the API writes instants: "2026-11-27T06:00:00+00:00".
    public static func formatUTCOffset(_ instant: Instant) -> String {
        format(instant, offsetMinutes: 0, useZ: false)
    }

    private static func format(_ instant: Instant, offsetMinutes: Int, useZ: Bool) -> String {
        TimeText.string { buffer in write(instant, offsetMinutes: offsetMinutes, useZ: useZ, into: buffer) }
    }

    private static func write(
        _ instant: Instant, offsetMinutes: Int, useZ: Bool, into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        precondition(offsetMinutes.magnitude * 60 <= offsetSecondsMax, "offset out of range")
        let offsetSeconds = Int64(offsetMinutes) * 60
        let (sum, overflow) = instant.secondsSinceEpoch.addingReportingOverflow(offsetSeconds)
        // Saturate rather than trap: only instants within a day of Int64's limits overflow.
        let localSeconds = overflow ? (offsetSeconds > 0 ? Int64.max : Int64.min) : sum
        let (days, secondsOfDay) = CivilCalendar.daysAndSeconds(localSeconds)
        let date = CivilCalendar.civil(daysSinceEpoch: days)
        let clock = Int(secondsOfDay)
        var index = TimeText.writeDate(year: date.year, month: date.month, day: date.day, into: buffer, at: 0)
        index = TimeText.write("T", into: buffer, at: index)
        index = TimeText.write(clock / 3_600, width: 2, into: buffer, at: index)
        index = TimeText.write(":", into: buffer, at: index)
        index = TimeText.write(clock / 60 % 60, width: 2, into: buffer, at: index)
        index = TimeText.write(":", into: buffer, at: index)
        index = TimeText.write(clock % 60, width: 2, into: buffer, at: index)
        if useZ {
            return TimeText.write("Z", into: buffer, at: index)
        }
        index = TimeText.write(offsetMinutes < 0 ? "-" : "+", into: buffer, at: index)
        index = TimeText.write(Int(offsetMinutes.magnitude) / 60, width: 2, into: buffer, at: index)
        index = TimeText.write(":", into: buffer, at: index)
        return TimeText.write(Int(offsetMinutes.magnitude) % 60, width: 2, into: buffer, at: index)
    }

    /// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)"; every index is checked before it is read.
    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Instant? {
        guard bytes.count >= 20 else { return nil }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        guard let year = TimeText.digits(bytes, at: 0, count: 4),
            let month = TimeText.digits(bytes, at: 5, count: 2),
            let day = TimeText.digits(bytes, at: 8, count: 2),
            let hour = TimeText.digits(bytes, at: 11, count: 2),
            let minute = TimeText.digits(bytes, at: 14, count: 2),
            let second = TimeText.digits(bytes, at: 17, count: 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, TimeText.digits(bytes, at: index, count: 1) != nil {
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        guard let offsetSeconds = parseOffset(bytes, at: index) else { return nil }
        let days = CivilCalendar.daysSinceEpoch(year: Int64(year), month: Int64(month), day: Int64(day))
        let secondsOfDay = Int64(hour * 3_600 + minute * 60 + second)
        return Instant(secondsSinceEpoch: days * CivilCalendar.secondsPerDay + secondsOfDay - Int64(offsetSeconds))
    }

    /// Parses "Z", "z" or "±HH:MM" ending exactly at the end of `bytes`, as seconds east of UTC.
    private static func parseOffset(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        let sign = bytes[index]
        if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
            return index + 1 == bytes.count ? 0 : nil
        }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":") else { return nil }
        guard let hours = TimeText.digits(bytes, at: index + 1, count: 2),
            let minutes = TimeText.digits(bytes, at: index + 4, count: 2),
            hours < 24, minutes < 60
        else { return nil }
        let magnitude = hours * 3_600 + minutes * 60
        assert(magnitude <= offsetSecondsMax)
        return sign == UInt8(ascii: "-") ? -magnitude : magnitude
    }
}
