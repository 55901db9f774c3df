import Testing

@testable import Core

@Suite("Salon reports")
struct SalonReportTests {
    @Test("revenue by period, technician and service; utilization; rates; new and returning customers")
    func figures() async throws {
        let salon = try await Salon.make(staffCount: 2)
        let engine = salon.engine
        let context = Salon.merchantContext
        let merchantID = salon.merchant.id
        // Last week: the customer's first visit (makes them returning this week).
        var earlier = context
        earlier.now = salon.at(Salon.monday.adding(days: -10), 0)
        let before = try await salon.book(
            salon.at(Salon.monday.adding(days: -7), 10), staff: salon.staff[0], context: earlier
        ).get()
        _ = try await engine.completeBooking(before.id, merchantID: merchantID, context).get()
        // This week (Monday and Tuesday): completed, confirmed, cancelled, no-show.
        let done = try await salon.book(salon.at(10), staff: salon.staff[0]).get()
        _ = try await engine.completeBooking(done.id, merchantID: merchantID, context).get()
        _ = try await salon.book(
            salon.at(Salon.monday.adding(days: 1), 17), staff: salon.staff[1], service: salon.services[1]
        )
        .get()
        let cancelled = try await salon.book(salon.at(12), staff: salon.staff[0]).get()
        _ = try await engine.cancelBooking(cancelled.id, merchantID: merchantID, reason: nil, context).get()
        let absent = try await salon.book(salon.at(16), staff: salon.staff[1]).get()
        _ = try await engine.markNoShow(absent.id, merchantID: merchantID, context).get()
        // A new customer this week.
        let newcomer = try await engine.createCustomer(
            merchantID: merchantID, CustomerDraft(displayName: "新客", lineUserID: "U0002"), context
        ).get()
        var request = salon.request(salon.at(18), staff: salon.staff[0])
        request.customerID = newcomer.id
        _ = try await engine.createBooking(request, context).get()

        let week = try #require(
            engine.report(merchantID: merchantID, from: Salon.monday, to: Salon.monday.adding(days: 6), grouping: .day))
        #expect(week.bookings == 5 && week.completed == 1 && week.cancelled == 1 && week.noShows == 1)
        #expect(week.revenue == 1200 + 1800 + 1200)
        #expect(week.byPeriod.map(\.label) == ["2026-11-30", "2026-12-01"])
        #expect(week.byPeriod.map(\.revenue) == [2400, 1800])
        #expect(Set(week.byService.map(\.revenue)) == [2400, 1800])
        #expect(week.byTechnician.reduce(0) { $0 + $1.revenue } == week.revenue)
        #expect(week.newCustomers == 1 && week.returningCustomers == 1)
        // Two technicians, 9 working hours a day, seven days; 60 + 90 + 60 minutes booked.
        let service2 = salon.services[1].durationMinutes
        #expect(week.workingMinutes == 2 * 9 * 60 * 7)
        #expect(week.bookedMinutes == 60 + service2 + 60)
        #expect(abs(week.noShowRate - 0.5) < 1e-9 && abs(week.cancellationRate - 0.2) < 1e-9)
        let byMonth = try #require(
            engine.report(
                merchantID: merchantID, from: Salon.monday, to: Salon.monday.adding(days: 6), grouping: .month))
        #expect(byMonth.byPeriod.map(\.label) == ["2026-11-01", "2026-12-01"])
        let byWeek = try #require(
            engine.report(
                merchantID: merchantID, from: Salon.monday.adding(days: -7), to: Salon.monday.adding(days: 6),
                grouping: .week))
        #expect(byWeek.byPeriod.map(\.label) == ["2026-11-23", "2026-11-30"])
        #expect(byWeek.returningCustomers == 0 && byWeek.newCustomers == 2)
        #expect(
            engine.report(
                merchantID: merchantID, from: Salon.monday, to: Salon.monday.adding(days: 400), grouping: .day) == nil)
        #expect(
            engine.report(merchantID: merchantID, from: Salon.monday, to: Salon.monday.adding(days: -1), grouping: .day)
                == nil)
    }
}
