import Foundation

/// The UTC offsets of one IANA time zone, precomputed so that conversions are integer arithmetic.
///
/// Foundation is consulted only by the initialiser, for the offset changes from 1900 to 2200; before 1900 the
/// offset of 1900-01-01 applies, after 2200 the last one does.
public struct ZoneRules: Sendable, Hashable {
    /// The identifier the rules were created from, as given ("Asia/Taipei").
    public let identifier: String

    /// One offset change: from `instant` on, the zone is `offsetSecondsAfter` east of UTC.
    struct Transition: Sendable, Hashable {
        let instant: Int64
        let offsetSecondsAfter: Int
    }

    /// Sorted by instant, strictly increasing, each changing the offset; the first is a sentinel at `Int64.min`
    /// holding the offset before any recorded change, so every instant has a transition at or before it.
    let transitions: [Transition]

    /// Whether the rules come from this host's zone database. Rules decoded from a log or snapshot written on a
    /// host that knew a zone this one does not are unresolved: they keep the identifier (so the data round-trips
    /// and digests agree) and answer as UTC until the zone database is installed.
    public let isResolved: Bool

    /// Largest offset magnitude accepted, 18 hours as in ISO 8601 and java.time; real zones stay within 15.
    static let offsetSecondsMagnitudeMax = 18 * 3_600

    /// An instant whose wall clock reads some local time lies within this many seconds of it.
    private static let localSearchWindowSeconds = Int64(offsetSecondsMagnitudeMax)

    /// Creates the rules of an IANA zone ("Asia/Taipei"), nil when Foundation does not know it.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.transitions = ZoneTransitionScanner(zone: zone).scan()
        self.isResolved = true
        precondition(transitions.first?.instant == Int64.min, "missing sentinel transition")
    }

    /// Rules for a zone this host's database does not know: the identifier is kept, offsets are UTC's. Only the
    /// codecs make these, so that data written where the zone was known still decodes (see ``isResolved``).
    init(unresolvedIdentifier identifier: String) {
        self.identifier = identifier
        self.transitions = [Transition(instant: Int64.min, offsetSecondsAfter: 0)]
        self.isResolved = false
    }

    /// The zone's offset east of UTC, in seconds, at `instant`.
    public func offsetSeconds(at instant: Instant) -> Int {
        transitions[transitionIndex(atOrBefore: instant.secondsSinceEpoch)].offsetSecondsAfter
    }

    /// The instant at which the wall clock in this zone reads `date` at `minutes` past midnight (minutes may be
    /// 1440 = next midnight). Gaps (spring forward: the local time does not exist) resolve forward, as RFC 9557 /
    /// Temporal's "compatible": the local time is interpreted with the offset before the transition (so 02:30 on a
    /// US spring-forward day becomes 03:30 EDT). Ambiguous times (fall back: it occurs twice) resolve to the
    /// earlier instant.
    public func instant(on date: LocalDate, at minutes: Int) -> Instant {
        precondition((0...TimeOfDay.minutesPerDay).contains(minutes), "minutes out of 0...1440")
        let localSeconds = date.daysSinceEpoch * CivilCalendar.secondsPerDay + Int64(minutes) * 60
        switch resolve(localSeconds: localSeconds) {
        case .earliest(let seconds):
            return Instant(secondsSinceEpoch: seconds)
        case .gap(_, let offsetSecondsBefore):
            return Instant(secondsSinceEpoch: localSeconds - Int64(offsetSecondsBefore))
        }
    }

    /// The local date and seconds after local midnight at which the wall clock stands at `instant`.
    public func localDateTime(at instant: Instant) -> (date: LocalDate, secondsOfDay: Int) {
        let offsetSeconds = Int64(offsetSeconds(at: instant))
        let (sum, overflow) = instant.secondsSinceEpoch.addingReportingOverflow(offsetSeconds)
        // Saturate rather than trap: only instants within a day of Int64's limits overflow.
        let localSeconds = overflow ? (offsetSeconds > 0 ? Int64.max : Int64.min) : sum
        let (days, secondsOfDay) = CivilCalendar.daysAndSeconds(localSeconds)
        return (LocalDate(daysSinceEpoch: days), Int(secondsOfDay))
    }

    /// The first instant of the local date (its midnight, or the first existing minute if midnight is in a gap).
    ///
    /// When a gap swallows the whole date (Pacific/Apia skipped 2011-12-30), this is the instant the gap ends.
    public func startOfDay(_ date: LocalDate) -> Instant {
        let localSeconds = date.daysSinceEpoch * CivilCalendar.secondsPerDay
        switch resolve(localSeconds: localSeconds) {
        case .earliest(let seconds):
            return Instant(secondsSinceEpoch: seconds)
        case .gap(let transitionInstant, _):
            return Instant(secondsSinceEpoch: transitionInstant)
        }
    }

    /// Whether `identifier` is shaped like an IANA zone name ("Asia/Taipei", "America/Argentina/Buenos_Aires",
    /// "Etc/GMT+8"): ASCII letters, digits and `._+-` in components of at most 14 characters joined by `/`, none
    /// of them `.` or `..`, at most 64 in all (the tz database's own rules for names).
    public static func isWellFormedIdentifier(_ identifier: String) -> Bool {
        let utf8 = identifier.utf8
        guard (1...64).contains(utf8.count) else { return false }
        for component in utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard (1...14).contains(component.count), !component.allSatisfy({ $0 == UInt8(ascii: ".") }) else {
                return false
            }
            let allowed = component.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "+"),
                    UInt8(ascii: "-"):
                    return true
                default:
                    return false
                }
            }
            guard allowed else { return false }
        }
        return true
    }

    /// Same identifier, same transitions, equally resolved.
    public static func == (lhs: ZoneRules, rhs: ZoneRules) -> Bool {
        lhs.identifier == rhs.identifier && lhs.transitions == rhs.transitions && lhs.isResolved == rhs.isResolved
    }

    /// Hashes the identifier only, which equal rules share.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
    }

    /// Where a wall-clock reading falls on the time line.
    private enum Resolution {
        /// The earliest instant at which the wall clock reads it.
        case earliest(Int64)
        /// It never occurs: the clock jumps over it at `transitionInstant`, leaving `offsetSecondsBefore`.
        case gap(transitionInstant: Int64, offsetSecondsBefore: Int)
    }

    /// Finds the instants whose wall clock reads `localSeconds` (seconds since 1970-01-01T00:00 local).
    ///
    /// Between transitions i and i + 1 the wall clock runs over [start + offset, end + offset); the candidate
    /// instant for that span is localSeconds − offset. Spans are visited in time order, so the first hit is the
    /// earliest; a reading past one span's end and before the next span's start is in that transition's gap.
    private func resolve(localSeconds: Int64) -> Resolution {
        let window = Self.localSearchWindowSeconds
        var gap: Resolution?
        var index = transitionIndex(atOrBefore: localSeconds - window)
        while index < transitions.count && transitions[index].instant <= localSeconds + window {
            let offsetSeconds = transitions[index].offsetSecondsAfter
            let candidate = localSeconds - Int64(offsetSeconds)
            let next = index + 1 < transitions.count ? transitions[index + 1] : nil
            if candidate >= transitions[index].instant && candidate < (next?.instant ?? Int64.max) {
                return .earliest(candidate)
            }
            if let next, gap == nil, candidate >= next.instant,
                localSeconds - Int64(next.offsetSecondsAfter) < next.instant
            {
                gap = .gap(transitionInstant: next.instant, offsetSecondsBefore: offsetSeconds)
            }
            index += 1
        }
        // Spans and gaps together cover every reading, and the window covers every offset.
        guard let gap else { preconditionFailure("wall-clock reading neither occurs nor falls in a gap") }
        return gap
    }

    /// The index of the last transition at or before `seconds`; the sentinel guarantees there is one.
    private func transitionIndex(atOrBefore seconds: Int64) -> Int {
        var low = 0
        var high = transitions.count
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if transitions[middle].instant <= seconds {
                low = middle
            } else {
                high = middle
            }
        }
        assert(transitions[low].instant <= seconds)
        return low
    }
}
