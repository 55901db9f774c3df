/// Staff working time in instants: the weekly wall-clock windows of a local date, less time off.
enum WorkingTime {
    /// The working ranges of `staff` on local `date`, touching windows merged, sorted by start.
    static func ranges(of staff: Staff, on date: LocalDate, zone: ZoneRules) -> [BlockedRange] {
        let weekday = date.isoWeekday
        var ranges: [BlockedRange] = []
        for window in staff.workingHours where window.weekday == weekday {
            let start = zone.instant(on: date, at: window.start.minutes)
            let end = zone.instant(on: date, at: window.end.minutes)
            guard start < end else { continue }  // a window swallowed by a DST gap
            ranges.append(BlockedRange(start: start, end: end))
        }
        ranges.sort { $0.start < $1.start }
        var merged: [BlockedRange] = []
        for range in ranges {
            if let last = merged.last, range.start <= last.end {
                merged[merged.count - 1] = BlockedRange(start: last.start, end: max(last.end, range.end))
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// Whether `range` lies inside one working range of its local date and touches no time off.
    ///
    /// This runs on every booking, so it walks the windows without allocating; it relies on the engine keeping
    /// `workingHours` sorted by weekday and start (see `BookingEngine.normalized`).
    static func covers(_ range: BlockedRange, staff: Staff, zone: ZoneRules) -> Bool {
        let date = zone.localDateTime(at: range.start).date
        let weekday = date.isoWeekday
        var run: (start: Instant, end: Instant)?
        var fits = false
        for window in staff.workingHours where window.weekday == weekday {
            let start = zone.instant(on: date, at: window.start.minutes)
            let end = zone.instant(on: date, at: window.end.minutes)
            guard start < end else { continue }  // a window swallowed by a DST gap
            if let current = run, start <= current.end {
                run = (current.start, max(current.end, end))
            } else {
                if let current = run, current.start <= range.start, range.end <= current.end { fits = true }
                run = (start, end)
            }
        }
        if let current = run, current.start <= range.start, range.end <= current.end { fits = true }
        return fits && !isOff(staff, during: range)
    }

    /// Whether any time off of `staff` overlaps `range`.
    static func isOff(_ staff: Staff, during range: BlockedRange) -> Bool {
        staff.timeOff.contains { $0.startsAt < range.end && range.start < $0.endsAt }
    }

    /// Checks the merchant's minimum notice and how-far-ahead rules for a start.
    static func bookingWindowRejection(startsAt: Instant, merchant: Merchant, now: Instant) -> Rejection? {
        let earliest = now.adding(minutes: merchant.rules.minNoticeMinutes)
        if startsAt < earliest {
            return Rejection(
                .outsideBookingWindow,
                "bookings must start at least \(merchant.rules.minNoticeMinutes) minutes from now",
                field: "startsAt"
            )
        }
        let today = merchant.zone.localDateTime(at: now).date
        let day = merchant.zone.localDateTime(at: startsAt).date
        if day.daysSinceEpoch - today.daysSinceEpoch > Int64(merchant.rules.maxDaysAhead) {
            return Rejection(
                .outsideBookingWindow,
                "bookings may be made at most \(merchant.rules.maxDaysAhead) days ahead",
                field: "startsAt"
            )
        }
        return nil
    }
}
