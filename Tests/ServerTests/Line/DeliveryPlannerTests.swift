import Core
import Testing

@testable import Server

/// The planner alone: fairness between salons, the per-channel pace, and the monthly quota rules.
@Suite struct LineDeliveryPlannerTests {
    static let now = Instant(secondsSinceEpoch: 1_795_737_600)  // 2026-11-27T00:00:00Z

    /// A merchant with a LINE channel, one technician open all day and a customer on LINE.
    struct Shop {
        let merchant: Merchant
        let staff: Staff
        let service: Service
        let customer: Customer
    }

    static func shop(_ engine: BookingEngine, limit: Int, reminders: [Int]) async throws -> Shop {
        let context = CommandContext(now: now, origin: .system)
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "Shop", timeZone: "UTC", rules: BookingRules(maxDaysAhead: 400)), context
        ).get()
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("00:00")!, end: TimeOfDay("24:00")!) }
        let staff = try await engine.createStaff(
            merchantID: merchant.id, StaffDraft(name: "Amy", workingHours: hours), context
        ).get()
        let service = try await engine.createService(
            merchantID: merchant.id, ServiceDraft(name: "Gel", durationMinutes: 60), context
        ).get()
        let customer = try await engine.createCustomer(
            merchantID: merchant.id, CustomerDraft(displayName: "Mei", lineUserID: "U-\(merchant.id)"), context
        ).get()
        _ = try await engine.storeLineChannel(
            LineChannel(
                merchantID: merchant.id, channelID: "1", sealedSecret: [1], sealedAccessToken: [2],
                accessTokenLast4: "0000", liffID: nil,
                settings: MessagingSettings(reminderOffsetsMinutes: reminders, monthlyPushLimit: limit),
                updatedAt: now)
        ).get()
        return Shop(merchant: merchant, staff: staff, service: service, customer: customer)
    }

    static func book(_ engine: BookingEngine, _ shop: Shop, hoursAhead: Int) async throws {
        let request = NewBooking(
            merchantID: shop.merchant.id, serviceID: shop.service.id, staffID: shop.staff.id,
            customerID: shop.customer.id, startsAt: now + Int64(hoursAhead) * 3_600)
        _ = try await engine.createBooking(request, CommandContext(now: now, origin: .system)).get()
    }

    static func configuration(rate: Int = 500) -> LineConfiguration {
        var configuration = LineConfiguration()
        configuration.channelPushesPerSecond = rate
        return configuration
    }

    func plan(_ planner: inout DeliveryPlanner, _ engine: BookingEngine, at: Instant, capacity: Int = 100)
        -> DeliveryPlanner.Plan
    {
        engine.store.read { state in
            planner.plan(
                state: state, now: at, clock: .now, capacity: capacity, inFlight: InFlightNotifications(),
                paused: { _ in false })
        }
    }

    @Test func remindersLeaveTheLastTenthOfTheQuotaToConfirmations() async throws {
        let (engine, _) = BookingEngine.inMemory()
        let shop = try await Self.shop(engine, limit: 20, reminders: [1_440])
        for hour in 0..<12 { try await Self.book(engine, shop, hoursAhead: 48 + 2 * hour) }
        var planner = DeliveryPlanner(configuration: Self.configuration(rate: 5_000))  // the pace is not in the way
        let confirmations = plan(&planner, engine, at: Self.now)
        #expect(confirmations.sends.count == 12 && confirmations.settled.isEmpty)
        _ = try await engine.recordDeliveries(confirmations.sends.map { .init(id: $0.id, result: .sent) }, at: Self.now)
        // Every reminder is due: 12 sent + 6 reminders reach 18 of 20; the other 6 reminders give way.
        var reminders = plan(&planner, engine, at: Self.now + 47 * 3_600)  // all due (24–46 h), none expired (48 h)
        #expect(reminders.sends.count == 6 && reminders.sends.allSatisfy { $0.kind == .reminder })
        #expect(reminders.settled.count == 6)
        #expect(
            reminders.settled.allSatisfy {
                $0.result == .cancelled(reason: "the last 10% of the monthly push limit is kept for confirmations")
            })
        let outcomes = reminders.sends.map { NotificationOutcome(id: $0.id, result: .sent) } + reminders.settled
        _ = try await engine.recordDeliveries(outcomes, at: Self.now)
        // Confirmations may still use the last tenth, and no more.
        for hour in 0..<3 { try await Self.book(engine, shop, hoursAhead: 300 + 2 * hour) }
        reminders = plan(&planner, engine, at: Self.now + 1)
        #expect(reminders.sends.count == 2 && reminders.sends.allSatisfy { $0.kind == .confirmation })
        #expect(reminders.settled.map(\.result) == [.failed(error: "the monthly push limit of 20 is reached")])
    }

    @Test func oneSalonsBurstDoesNotHoldBackAnother() async throws {
        let (engine, _) = BookingEngine.inMemory()
        let busy = try await Self.shop(engine, limit: 0, reminders: [])
        let quiet = try await Self.shop(engine, limit: 0, reminders: [])
        for hour in 0..<200 { try await Self.book(engine, busy, hoursAhead: 24 + hour) }
        try await Self.book(engine, quiet, hoursAhead: 24)
        var planner = DeliveryPlanner(configuration: Self.configuration(rate: 100))
        let first = plan(&planner, engine, at: Self.now + 1, capacity: 64)
        #expect(first.sends.contains { $0.merchantID == quiet.merchant.id })
        // The busy channel's pace: a bucket of a fiftieth of 100/s holds 2, so no more than 2 go at once.
        #expect(first.sends.filter { $0.merchantID == busy.merchant.id }.count == 2)
    }

    @Test func expiredNotificationsAreDroppedNotSent() async throws {
        let (engine, _) = BookingEngine.inMemory()
        let shop = try await Self.shop(engine, limit: 0, reminders: [120])
        try await Self.book(engine, shop, hoursAhead: 5)
        var planner = DeliveryPlanner(configuration: Self.configuration())
        let plan = plan(&planner, engine, at: Self.now + 6 * 3_600)
        #expect(plan.sends.isEmpty)
        #expect(plan.settled.map(\.result) == [.expired, .expired])
    }
}
