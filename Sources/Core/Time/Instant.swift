/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z, negative before it.
    public var secondsSinceEpoch: Int64

    /// The instant `secondsSinceEpoch` seconds after 1970-01-01T00:00:00Z.
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// The instant `seconds` later.
    public static func + (lhs: Instant, seconds: Int64) -> Instant {
        Instant(secondsSinceEpoch: lhs.secondsSinceEpoch + seconds)
    }

    /// The instant `seconds` earlier.
    public static func - (lhs: Instant, seconds: Int64) -> Instant {
        Instant(secondsSinceEpoch: lhs.secondsSinceEpoch - seconds)
    }

    /// Moves the instant `seconds` later.
    public static func += (lhs: inout Instant, seconds: Int64) {
        lhs.secondsSinceEpoch += seconds
    }

    /// Moves the instant `seconds` earlier.
    public static func -= (lhs: inout Instant, seconds: Int64) {
        lhs.secondsSinceEpoch -= seconds
    }

    /// The difference in seconds, positive when `lhs` is later.
    public static func - (lhs: Instant, rhs: Instant) -> Int64 {
        lhs.secondsSinceEpoch - rhs.secondsSinceEpoch
    }

    /// The instant `minutes` later (earlier when negative).
    public func adding(minutes: Int) -> Instant {
        self + Int64(minutes) * 60
    }

    /// RFC 3339 in UTC, "2026-11-27T06:00:00Z".
    public var description: String {
        RFC3339.formatUTC(self)
    }

    /// Earlier instants order first.
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }
}
