import Foundation

/// Reads a Foundation `TimeZone`'s offset changes from 1900 to 2200 into `ZoneRules.Transition`s; the only
/// place the time code calls into Foundation.
struct ZoneTransitionScanner {
    let zone: TimeZone

    /// 1900-01-01T00:00:00Z.
    static let scanStartSeconds: Int64 = -2_208_988_800
    /// 2200-01-01T00:00:00Z.
    static let scanEndSeconds: Int64 = 7_258_118_400
    /// Offsets are also sampled this often, so a change Foundation does not report as a transition is still found.
    static let sampleIntervalSeconds: Int64 = 86_400
    /// About two a year for 300 years in the busiest zones; anything far beyond is corrupt data.
    static let transitionsMax = 4_096

    /// The zone's transitions, led by the `Int64.min` sentinel carrying the offset at the start of the scan.
    func scan() -> [ZoneRules.Transition] {
        var offsetCurrent = offsetSeconds(at: Self.scanStartSeconds)
        var transitions = [ZoneRules.Transition(instant: Int64.min, offsetSecondsAfter: offsetCurrent)]
        var cursor = Self.scanStartSeconds
        var reported = reportedTransition(after: cursor)
        while cursor < Self.scanEndSeconds {
            var probe = min(cursor + Self.sampleIntervalSeconds, Self.scanEndSeconds)
            if let reported, reported > cursor, reported < probe {
                probe = reported
            }
            if offsetSeconds(at: probe) == offsetCurrent {
                cursor = probe
            } else {
                let change = firstChange(after: cursor, through: probe, from: offsetCurrent)
                offsetCurrent = offsetSeconds(at: change)
                precondition(change > transitions[transitions.count - 1].instant, "transitions out of order")
                transitions.append(ZoneRules.Transition(instant: change, offsetSecondsAfter: offsetCurrent))
                precondition(transitions.count <= Self.transitionsMax, "too many offset transitions")
                cursor = change
            }
            if let known = reported, known <= cursor {
                reported = reportedTransition(after: cursor)
            }
        }
        return transitions
    }

    /// The first second in (after, through] whose offset differs from `offset`, given that `through`'s does.
    private func firstChange(after: Int64, through: Int64, from offset: Int) -> Int64 {
        if offsetSeconds(at: through - 1) == offset {
            return through  // the common case: `through` is the transition Foundation reported
        }
        var low = after
        var high = through
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offsetSeconds(at: middle) == offset {
                low = middle
            } else {
                high = middle
            }
        }
        return high
    }

    private func offsetSeconds(at seconds: Int64) -> Int {
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        precondition(offset.magnitude <= ZoneRules.offsetSecondsMagnitudeMax, "zone offset out of range")
        return offset
    }

    private func reportedTransition(after seconds: Int64) -> Int64? {
        guard
            let date = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: TimeInterval(seconds)))
        else { return nil }
        return Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
