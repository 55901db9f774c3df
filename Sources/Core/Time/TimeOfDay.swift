/// A wall-clock time of day in minutes after midnight, 0...1440 (1440 = "24:00", allowed as the end of a window).
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes after midnight, 0...1440.
    public let minutes: Int

    static let minutesPerDay = 1_440

    /// Creates a time of day, or nil outside 0...1440.
    public init?(minutes: Int) {
        guard (0...Self.minutesPerDay).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Parses strict "HH:MM", 00:00 … 23:59 and "24:00"; nil on anything else.
    public init?(_ text: String) {
        let parsed: Int? = TimeText.withBytes(text) { bytes in
            guard bytes.count == 5, bytes[2] == UInt8(ascii: ":") else { return nil }
            guard let hour = TimeText.digits(bytes, at: 0, count: 2),
                let minute = TimeText.digits(bytes, at: 3, count: 2)
            else { return nil }
            guard (hour < 24 && minute < 60) || (hour == 24 && minute == 0) else { return nil }
            return hour * 60 + minute
        }
        guard let parsed else { return nil }
        self.init(minutes: parsed)
    }

    /// "HH:MM"; 1440 is "24:00".
    public var description: String {
        TimeText.string { buffer in
            var index = TimeText.write(minutes / 60, width: 2, into: buffer, at: 0)
            index = TimeText.write(":", into: buffer, at: index)
            return TimeText.write(minutes % 60, width: 2, into: buffer, at: index)
        }
    }

    /// Earlier times order first.
    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
        lhs.minutes < rhs.minutes
    }
}
