import Testing

@testable import Core

@Suite("Availability")
struct AvailabilityTests {
    func slots(
        _ salon: Salon, date: LocalDate = Salon.monday, service: Int = 0, staff: Int? = 0, now: Instant = Salon.now
    )
        async throws -> [Slot]
    {
        let query = AvailabilityQuery(
            merchantID: salon.merchant.id,
            serviceID: salon.services[service].id,
            date: date,
            staffID: staff.map { salon.staff[$0].id }
        )
        return try await salon.engine.availability(query, now: now).get().slots
    }

    func times(_ salon: Salon, _ slots: [Slot], date: LocalDate = Salon.monday) -> [String] {
        slots.map { slot in
            let seconds = salon.merchant.zone.localDateTime(at: slot.startsAt).secondsOfDay
            return TimeOfDay(minutes: seconds / 60)!.description
        }
    }

    static func grid(from start: Int, through end: Int, step: Int = 15) -> [String] {
        stride(from: start, through: end, by: step).map { TimeOfDay(minutes: $0)!.description }
    }

    @Test("an empty day offers every grid start that fits around the lunch break")
    func emptyDay() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let found = times(salon, try await slots(salon))
        #expect(found == Self.grid(from: 600, through: 780) + Self.grid(from: 900, through: 1_140))
    }

    @Test("bookings, holds and buffers remove the starts they touch")
    func bookingsAndBuffers() async throws {
        let salon = try await Salon.make(staffCount: 1)
        _ = try await salon.book(salon.at(11)).get()  // 11:00–12:00
        let found = times(salon, try await slots(salon, service: 1))  // 90 min + 15 before + 15 after
        // Morning: needs [s−15, s+105) inside 10:00–11:00 or 12:00–14:00 → only 12:15 fits (12:00–14:00).
        #expect(found.filter { $0 < "14:00" } == ["12:15"])
        #expect(found.first { $0 >= "15:00" } == "15:15")
        #expect(found.last == "18:15")
    }

    @Test("time off removes starts; slots resume when it ends")
    func timeOff() async throws {
        let salon = try await Salon.make(staffCount: 1)
        _ = try await salon.engine.addTimeOff(
            staffID: salon.staff[0].id,
            merchantID: salon.merchant.id,
            startsAt: salon.at(10),
            endsAt: salon.at(17, 10),
            reason: "",
            Salon.merchantContext
        ).get()
        #expect(times(salon, try await slots(salon)) == Self.grid(from: 17 * 60 + 15, through: 1_140))
    }

    @Test("minimum notice and today's past are respected; beyond the horizon is empty")
    func notice() async throws {
        let salon = try await Salon.make(staffCount: 1, rules: BookingRules(minNoticeMinutes: 60, maxDaysAhead: 3))
        let now = salon.at(15, 20)
        let found = times(salon, try await slots(salon, now: now))
        #expect(found.first == "16:30")
        #expect(try await slots(salon, date: Salon.monday.adding(days: 4), now: now).isEmpty)
        #expect(try await slots(salon, date: Salon.monday.adding(days: -1), now: now).isEmpty)
        #expect(try await !slots(salon, date: Salon.monday.adding(days: 3), now: now).isEmpty)
    }

    @Test("any staff lists every able member's slots, by time then catalog order")
    func anyStaff() async throws {
        let salon = try await Salon.make(staffCount: 3)
        _ = try await salon.book(salon.at(10), staff: salon.staff[1]).get()
        let found = try await slots(salon, staff: nil)
        let atTen = found.filter { $0.startsAt == salon.at(10) }.map(\.staffID)
        #expect(atTen == [salon.staff[0].id, salon.staff[2].id])
        #expect(
            found
                == found.sorted {
                    $0.startsAt < $1.startsAt
                        || ($0.startsAt == $1.startsAt && found.firstIndex(of: $0)! < found.firstIndex(of: $1)!)
                })
        let limited = try await salon.engine.createService(
            merchantID: salon.merchant.id,
            ServiceDraft(name: "Nail art", durationMinutes: 30, staffIDs: [salon.staff[2].id]),
            Salon.merchantContext
        ).get()
        let query = AvailabilityQuery(merchantID: salon.merchant.id, serviceID: limited.id, date: Salon.monday)
        let only = try await salon.engine.availability(query, now: Salon.now).get().slots
        #expect(Set(only.map(\.staffID)) == [salon.staff[2].id])
    }

    @Test(
        "every offered slot can actually be booked, and booking it removes it",
        arguments: ["Asia/Taipei", "Asia/Tokyo"])
    func offeredSlotsBook(zone: String) async throws {
        let salon = try await Salon.make(timeZone: zone, staffCount: 2)
        let offered = try await slots(salon, service: 1, staff: nil)
        #expect(!offered.isEmpty)
        let pick = offered[offered.count / 2]
        let booked = try await salon.book(
            pick.startsAt, staff: salon.staff.first { $0.id == pick.staffID }, service: salon.services[1])
        #expect(booked.rejection == nil)
        let after = try await slots(salon, service: 1, staff: nil)
        #expect(!after.contains(pick))
        #expect(salon.merchant.zone.offsetSeconds(at: pick.startsAt) == (zone == "Asia/Tokyo" ? 9 : 8) * 3600)
    }

    @Test("New York's spring-forward and fall-back days keep the wall-clock grid")
    func daylightSaving() async throws {
        let salon = try await Salon.make(timeZone: "America/New_York", staffCount: 1)
        let nightShift = try await salon.engine.createStaff(
            merchantID: salon.merchant.id,
            StaffDraft(
                name: "Night",
                workingHours: (1...7).map {
                    WorkingWindow(weekday: $0, start: TimeOfDay("00:00")!, end: TimeOfDay("04:00")!)
                }
            ),
            Salon.merchantContext
        ).get()
        let now = salon.at(LocalDate(year: 2026, month: 3, day: 1)!, 0)
        for (date, expected) in [
            // 02:00–03:00 does not exist on 2026-03-08: starts 00:00…02:45 wall clock map to 3 real hours.
            (
                LocalDate(year: 2026, month: 3, day: 8)!,
                ["00:00", "00:15", "00:30", "00:45", "01:00", "01:15", "01:30", "01:45", "03:00"]
            ),
            // 01:00–02:00 happens twice on 2026-11-01: the window lasts 5 real hours.
            (LocalDate(year: 2026, month: 11, day: 1)!, nil),
        ] as [(LocalDate, [String]?)] {
            let query = AvailabilityQuery(
                merchantID: salon.merchant.id, serviceID: salon.services[0].id, date: date, staffID: nightShift.id)
            let found = try await salon.engine.availability(
                query,
                now: date == LocalDate(year: 2026, month: 11, day: 1)!
                    ? salon.at(LocalDate(year: 2026, month: 10, day: 1)!, 0) : now
            ).get().slots
            for slot in found {
                let seconds = salon.merchant.zone.localDateTime(at: slot.startsAt).secondsOfDay
                #expect(seconds % (15 * 60) == 0, "\(slot.startsAt) is off the wall-clock grid")
                #expect(slot.endsAt - slot.startsAt == 3600)
            }
            let window = WorkingTime.ranges(of: nightShift, on: date, zone: salon.merchant.zone)
            #expect(window.count == 1)
            let hours = (window[0].end - window[0].start) / 3600
            if let expected {
                #expect(hours == 3)
                #expect(times(salon, found) == expected)
            } else {
                #expect(hours == 5)
                // 16 distinct instants on the grid fit a 60-minute service in 5 real hours.
                #expect(found.count == 17)
                #expect(Set(found.map(\.startsAt)).count == found.count)
            }
        }
    }

    @Test("slot finder subtracts sorted ranges exactly")
    func subtraction() {
        func range(_ start: Int64, _ end: Int64) -> BlockedRange {
            BlockedRange(start: Instant(secondsSinceEpoch: start), end: Instant(secondsSinceEpoch: end))
        }
        let free = SlotFinder.subtract(
            [range(0, 5), range(12, 15), range(14, 20), range(30, 40)], from: [range(3, 25), range(28, 50)])
        #expect(free == [range(5, 12), range(20, 25), range(28, 30), range(40, 50)])
        #expect(SlotFinder.subtract([], from: [range(1, 2)]) == [range(1, 2)])
        #expect(SlotFinder.subtract([range(0, 100)], from: [range(1, 2), range(3, 4)]).isEmpty)
    }

    @Test("hasFreeSlot agrees with availability on every day, service and technician of a busy history")
    func hasFreeSlotAgrees() async throws {
        let salon = try await ReplayTests.randomHistory(seed: 21, commands: 600)
        var checked = (free: 0, full: 0)
        for offset in -1..<5 {
            let date = Salon.monday.adding(days: offset)
            for service in salon.services {
                for staffID in [nil] + salon.staff.map(\.id) {
                    let query = AvailabilityQuery(
                        merchantID: salon.merchant.id, serviceID: service.id, date: date, staffID: staffID)
                    for now in [Salon.now, salon.at(Salon.monday, 15)] {
                        let slots = try await salon.engine.availability(query, now: now).get().slots
                        let free = try await salon.engine.hasFreeSlot(query, now: now).get()
                        #expect(free == !slots.isEmpty, "\(query) at \(now)")
                        if free { checked.free += 1 } else { checked.full += 1 }
                    }
                }
            }
        }
        // Both answers occur, so the comparison means something.
        #expect(checked.free > 0 && checked.full > 0, "\(checked)")
    }
}
