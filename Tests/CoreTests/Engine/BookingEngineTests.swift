import Testing

@testable import Core

@Suite("Booking engine")
struct BookingEngineTests {
    @Test("a booking blocks its staff member; touching bookings are allowed")
    func overlapAndBackToBack() async throws {
        let salon = try await Salon.make()
        let first = try await salon.book(salon.at(14 - 1), staff: salon.staff[0]).get()
        #expect(first.endsAt == salon.at(14))
        let clash = try await salon.book(salon.at(12, 30), staff: salon.staff[0])
        #expect(clash.rejection?.code == .overlap)
        #expect(clash.rejection?.conflictingID == first.id.description)
        let backToBack = try await salon.book(salon.at(12), staff: salon.staff[0])
        #expect(backToBack.rejection == nil)  // 12:00–13:00 touches 13:00–14:00
        let before = try await salon.book(salon.at(11), staff: salon.staff[0])
        #expect((try? before.get()) != nil)
        await salon.assertNoOverlaps()
    }

    @Test("buffers block time around the service")
    func buffers() async throws {
        let salon = try await Salon.make()
        let pedicure = salon.services[1]  // 90 min with 15 min before and after
        _ = try await salon.book(salon.at(16), staff: salon.staff[0], service: pedicure).get()
        // 15:45–17:45 is blocked; a manicure ending at 15:45 fits, one ending at 16:00 does not.
        #expect((try await salon.book(salon.at(15), staff: salon.staff[0])).rejection?.code == .overlap)
        #expect((try await salon.book(salon.at(17, 45), staff: salon.staff[0])).rejection == nil)
        #expect((try await salon.book(salon.at(17, 30), staff: salon.staff[1])).rejection == nil)
    }

    @Test("any staff picks the first free one in catalog order, deterministically")
    func anyStaff() async throws {
        let salon = try await Salon.make(staffCount: 3)
        var chosen: [StaffID] = []
        for _ in 0..<3 { chosen.append(try await salon.book(salon.at(10)).get().staffID) }
        #expect(chosen == salon.staff.map(\.id))
        let fourth = try await salon.book(salon.at(10, 30))
        #expect(fourth.rejection?.code == .overlap)
    }

    @Test("working hours, breaks and time off are enforced unless the merchant overrides")
    func workingHours() async throws {
        let salon = try await Salon.make()
        let member = salon.staff[0]
        #expect((try await salon.book(salon.at(13, 30), staff: member)).rejection?.code == .outsideWorkingHours)
        #expect((try await salon.book(salon.at(9, 30), staff: member)).rejection?.code == .outsideWorkingHours)
        #expect((try await salon.book(salon.at(19, 30), staff: member)).rejection?.code == .outsideWorkingHours)
        _ = try await salon.engine.addTimeOff(
            staffID: member.id,
            merchantID: salon.merchant.id,
            startsAt: salon.at(15),
            endsAt: salon.at(17),
            reason: "dentist",
            Salon.merchantContext
        ).get()
        #expect((try await salon.book(salon.at(16), staff: member)).rejection?.code == .outsideWorkingHours)
        var override = salon.request(salon.at(16), staff: member)
        override.allowOutsideWorkingHours = true
        #expect((try await salon.engine.createBooking(override, Salon.merchantContext)).rejection == nil)
        let customer = CommandContext(
            now: Salon.now, origin: Origin(author: .customer(salon.customer.id), channel: .line))
        var sneaky = salon.request(salon.at(22), staff: member)
        sneaky.allowOutsideWorkingHours = true
        #expect((try await salon.engine.createBooking(sneaky, customer)).rejection?.field == "allowOutsideWorkingHours")
    }

    @Test("minimum notice and how far ahead")
    func bookingWindow() async throws {
        let salon = try await Salon.make(rules: BookingRules(minNoticeMinutes: 120, maxDaysAhead: 7))
        let now = salon.at(LocalDate(year: 2026, month: 11, day: 30)!, 10)
        let context = CommandContext(now: now, origin: Salon.merchantContext.origin)
        #expect((try await salon.book(salon.at(11), context: context)).rejection?.code == .outsideBookingWindow)
        #expect((try await salon.book(salon.at(12), context: context)).rejection == nil)
        let far = salon.at(LocalDate(year: 2026, month: 12, day: 8)!, 10)
        #expect((try await salon.book(far, context: context)).rejection?.code == .outsideBookingWindow)
        let edge = salon.at(LocalDate(year: 2026, month: 12, day: 7)!, 19)
        #expect((try await salon.book(edge, context: context)).rejection == nil)
    }

    @Test("validation: unknown and foreign ids are not found, odd starts are invalid")
    func validation() async throws {
        let salon = try await Salon.make()
        let (_, otherService) = try await salon.otherMerchant()
        var foreign = salon.request(salon.at(10))
        foreign.serviceID = otherService.id
        #expect((try await salon.engine.createBooking(foreign, Salon.merchantContext)).rejection?.code == .notFound)
        var seconds = salon.request(salon.at(10) + 30)
        seconds.staffID = salon.staff[0].id
        #expect((try await salon.engine.createBooking(seconds, Salon.merchantContext)).rejection?.field == "startsAt")
        let bad = try await salon.engine.createService(
            merchantID: salon.merchant.id,
            ServiceDraft(name: "Too long", durationMinutes: 601),
            Salon.merchantContext
        )
        #expect(bad.rejection?.field == "durationMinutes")
        let unnamed = try await salon.engine.createStaff(
            merchantID: salon.merchant.id,
            StaffDraft(name: "", workingHours: []),
            Salon.merchantContext
        )
        #expect(unnamed.rejection?.field == "name")
        let zone = try await salon.engine.createMerchant(
            MerchantDraft(name: "X", timeZone: "Mars/Base"), Salon.merchantContext)
        #expect(zone.rejection?.field == "timeZone")
    }

    @Test("cancel frees the slot; cancelled bookings cannot change again")
    func cancel() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let booking = try await salon.book(salon.at(10)).get()
        let cancelled = try await salon.engine.cancelBooking(
            booking.id,
            merchantID: salon.merchant.id,
            reason: "sick",
            Salon.merchantContext
        ).get()
        #expect(
            cancelled.status == .cancelled && cancelled.cancelReason == "sick" && cancelled.cancelledAt == Salon.now)
        #expect((try await salon.book(salon.at(10))).rejection == nil)
        let again = try await salon.engine.completeBooking(
            booking.id, merchantID: salon.merchant.id, Salon.merchantContext)
        #expect(again.rejection?.code == .invalidStateTransition)
        let history = salon.engine.history(of: booking.id, merchantID: salon.merchant.id)!
        #expect(history.map(\.action.name) == ["created", "cancelled"])
    }

    @Test("customers must respect the cancellation deadline; merchants need not")
    func cancellationDeadline() async throws {
        let salon = try await Salon.make(rules: BookingRules(cancelDeadlineMinutes: 24 * 60))
        let booking = try await salon.book(salon.at(10)).get()
        let lateNow = salon.at(LocalDate(year: 2026, month: 11, day: 29)!, 12)
        let customer = CommandContext(
            now: lateNow, origin: Origin(author: .customer(salon.customer.id), channel: .line))
        let refused = try await salon.engine.cancelBooking(
            booking.id, merchantID: salon.merchant.id, reason: nil, customer)
        #expect(refused.rejection?.code == .cancellationDeadlinePassed)
        let merchant = CommandContext(now: lateNow, origin: Salon.merchantContext.origin)
        #expect(
            (try await salon.engine.cancelBooking(booking.id, merchantID: salon.merchant.id, reason: nil, merchant))
                .rejection == nil
        )
    }

    @Test("reschedule is atomic: onto a taken slot it keeps the old one")
    func reschedule() async throws {
        let salon = try await Salon.make()
        let (aiko, mei) = (salon.staff[1], salon.staff[0])
        let mine = try await salon.book(salon.at(10), staff: mei).get()
        let theirs = try await salon.book(salon.at(16), staff: mei).get()
        let onto = try await salon.engine.rescheduleBooking(
            mine.id,
            merchantID: salon.merchant.id,
            to: BookingMove(startsAt: salon.at(16, 30)),
            Salon.merchantContext
        )
        #expect(onto.rejection?.code == .overlap && onto.rejection?.conflictingID == theirs.id.description)
        #expect(salon.engine.booking(mine.id, merchantID: salon.merchant.id)?.startsAt == salon.at(10))
        #expect((try await salon.book(salon.at(10), staff: mei)).rejection?.code == .overlap)
        // Moving within its own time (10:00 → 10:30) is fine, and frees 10:00–10:30.
        let shifted = try await salon.engine.rescheduleBooking(
            mine.id,
            merchantID: salon.merchant.id,
            to: BookingMove(startsAt: salon.at(10, 30)),
            Salon.merchantContext
        ).get()
        #expect(shifted.startsAt == salon.at(10, 30) && shifted.endsAt == salon.at(11, 30))
        let moved = try await salon.engine.rescheduleBooking(
            mine.id,
            merchantID: salon.merchant.id,
            to: BookingMove(startsAt: salon.at(16), staffID: aiko.id),
            Salon.merchantContext
        ).get()
        #expect(moved.staffID == aiko.id)
        #expect((try await salon.book(salon.at(10, 30), staff: mei)).rejection == nil)
        #expect(salon.engine.history(of: mine.id, merchantID: salon.merchant.id)!.count == 3)
        await salon.assertNoOverlaps()
    }

    @Test("complete and no-show leave confirmed and free the time")
    func completeAndNoShow() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let one = try await salon.book(salon.at(10)).get()
        let two = try await salon.book(salon.at(11)).get()
        let done = try await salon.engine.completeBooking(one.id, merchantID: salon.merchant.id, Salon.merchantContext)
        #expect((try done.get()).completedAt == Salon.now)
        let absent = try await salon.engine.markNoShow(two.id, merchantID: salon.merchant.id, Salon.merchantContext)
        #expect((try absent.get()).status == .noShow)
        #expect(salon.engine.store.read { $0.ledger.confirmedCount } == 0)
        #expect((try await salon.book(salon.at(10, 30))).rejection == nil)
    }

    @Test("bookings are listed by start with filters and cursors")
    func listing() async throws {
        let salon = try await Salon.make(staffCount: 2)
        var made: [Booking] = []
        for hour in [16, 10, 18, 12] {
            made.append(try await salon.book(salon.at(hour), staff: salon.staff[hour % 4 == 0 ? 0 : 1]).get())
        }
        let all = salon.engine.bookings(BookingQuery(merchantID: salon.merchant.id))
        #expect(all.bookings.map(\.startsAt) == [10, 12, 16, 18].map { salon.at($0) })
        let firstPage = salon.engine.bookings(BookingQuery(merchantID: salon.merchant.id, limit: 3))
        #expect(firstPage.bookings.count == 3 && firstPage.next != nil)
        let secondPage = salon.engine.bookings(
            BookingQuery(merchantID: salon.merchant.id, limit: 3, after: firstPage.next)
        )
        #expect(secondPage.bookings.map(\.startsAt) == [salon.at(18)] && secondPage.next == nil)
        let ranged = salon.engine.bookings(
            BookingQuery(
                merchantID: salon.merchant.id, from: salon.at(11), to: salon.at(17), staffID: salon.staff[0].id)
        )
        #expect(ranged.bookings.map(\.startsAt) == [salon.at(12), salon.at(16)])
        let (other, _) = try await salon.otherMerchant()
        #expect(salon.engine.bookings(BookingQuery(merchantID: other.id)).bookings.isEmpty)
        #expect(salon.engine.booking(made[0].id, merchantID: other.id) == nil)
        #expect(salon.engine.history(of: made[0].id, merchantID: other.id) == nil)
    }

    @Test("a failed append rolls the reservation back and is reported")
    func durabilityFailure() async throws {
        let salon = try await Salon.make(staffCount: 1)
        salon.log.failAfter(appends: 0)
        await #expect(throws: DurabilityError.self) { try await salon.book(salon.at(10)) }
        #expect(salon.engine.bookings(BookingQuery(merchantID: salon.merchant.id)).bookings.isEmpty)
        let ranges = await salon.engine.schedule(of: salon.staff[0].id).entries
        #expect(ranges.isEmpty)
    }

    @Test("LINE user ids are unique per merchant, also under concurrency")
    func uniqueLineUser() async throws {
        let salon = try await Salon.make()
        let results = try await withThrowingTaskGroup(of: Result<Customer, Rejection>.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await salon.engine.createCustomer(
                        merchantID: salon.merchant.id,
                        CustomerDraft(displayName: "Guest \(index)", lineUserID: "U-same"),
                        Salon.merchantContext
                    )
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { (try? $0.get()) != nil }.count == 1)
        #expect(results.compactMap(\.rejection).allSatisfy { $0.code == .duplicate })
    }
}
