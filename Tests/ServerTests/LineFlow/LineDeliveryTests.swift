import Core
import Foundation
import Testing

@testable import Server

/// Pushes for booking changes: what is sent, with which retry keys, and what retries, refusals and bursts do.
@Suite("LINE delivery", .serialized)
struct LineDeliveryTests {
    /// The `altText` of the first message of a push.
    static func altText(_ request: FakeLineServer.RecordedRequest) -> String? {
        ((request.json?["messages"] as? [[String: Any]])?.first?["altText"] as? String)
            ?? ((request.json?["messages"] as? [[String: Any]])?.first?["text"] as? String)
    }

    @Test func everyBookingChangePushesExactlyItsNoticeAndRemindersFollowTheClock() async throws {
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server)
            try await world.connect(salon, token: "tok-flow")
            let user = try #require(
                try await salon.call("GET", "/customers/\(salon.customerID)").json?["lineUserId"]?.string)
            let created = try await salon.call("POST", "/bookings", salon.bookingBody("11:00"))
            let booking = try #require(created.json?["id"]?.string)
            try await world.eventually("the confirmation is pushed") { world.fake.requests(to: .push).count == 1 }
            let moved = try await salon.call(
                "POST", "/bookings/\(booking)/reschedule", #"{"startsAt":"2026-12-01T15:00:00+08:00"}"#)
            #expect(moved.status == 200)
            try await world.eventually("the new time is pushed") { world.fake.requests(to: .push).count == 2 }
            let cancelled = try await salon.call("POST", "/bookings/\(booking)/cancel", #"{"reason":"生病"}"#)
            #expect(cancelled.status == 200)
            try await world.eventually("the cancellation is pushed") { world.fake.requests(to: .push).count == 3 }
            let pushes = world.fake.requests(to: .push)
            #expect(pushes.allSatisfy { $0.json?["to"] as? String == user && $0.authorization == "Bearer tok-flow" })
            let texts = pushes.compactMap(Self.altText)
            #expect(texts.count == 3)
            #expect(texts[0].hasPrefix("預約確認") && texts[0].contains("12月1日（二）11:00"), "\(texts)")
            #expect(texts[1].hasPrefix("預約已更改") && texts[1].contains("15:00"), "\(texts)")
            #expect(texts[2].hasPrefix("預約已取消"), "\(texts)")
            #expect(Set(pushes.compactMap(\.retryKey)).count == 3)
            // The log: 3 sent notices, and the 4 reminders of the two times were all withdrawn unsent.
            let expected = [
                "confirmation/sent", "reminder/cancelled", "reminder/cancelled", "rescheduled/sent",
                "reminder/cancelled", "reminder/cancelled", "cancellation/sent",
            ]
            var all: [JSON] = []
            try await world.eventually("every outcome is logged") {
                all = try await world.notifications(salon, "?bookingId=\(booking)")
                return all.map { "\($0["kind"]?.string ?? "")/\($0["status"]?.string ?? "")" } == expected
            }
            #expect(all.allSatisfy { $0["customerId"]?.string == salon.customerID && $0["attempts"] != nil })

            // A booking that stays: its reminders go out 24 h and 2 h before, as the clock passes them.
            let kept = try #require(
                try await salon.call("POST", "/bookings", salon.bookingBody("18:00")).json?["id"]?.string)
            try await world.eventually("the second confirmation") { world.fake.requests(to: .push).count == 4 }
            world.server.clock.advance(seconds: 3 * 86_400 + 9 * 3_600 - 60)  // 2026-11-30 17:59: nothing due yet
            try await Task.sleep(for: .milliseconds(200))
            #expect(world.fake.requests(to: .push).count == 4)
            world.server.clock.advance(seconds: 60)  // 2026-11-30 18:00: the 24 h reminder is due
            try await world.eventually("the 24 h reminder") { world.fake.requests(to: .push).count == 5 }
            world.server.clock.advance(seconds: 22 * 3_600)  // 2026-12-01 16:00: the 2 h one
            try await world.eventually("the 2 h reminder") { world.fake.requests(to: .push).count == 6 }
            try await world.eventually("all three are logged as sent") {
                let sent = try await world.notifications(salon, "?bookingId=\(kept)&status=sent")
                return sent.map { $0["kind"]?.string } == ["confirmation", "reminder", "reminder"]
            }
        }
    }

    @Test func retriesAfter500And429ReuseTheRetryKey() async throws {
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server)
            try await world.connect(salon, token: "tok-retry", settings: #""reminderOffsetsMinutes":[]"#)
            world.fake.enqueue(.serverError, .rateLimited(retryAfterSeconds: 3), for: .push)
            #expect(try await salon.call("POST", "/bookings", salon.bookingBody("11:00")).status == 201)
            try await world.eventually("the first attempt") { world.fake.requests(to: .push).count == 1 }
            try await world.eventually("the failure is logged") {
                try await world.notifications(salon).first?["lastError"]?.string == "LINE answered 500"
            }
            world.server.clock.advance(seconds: 2)
            try await world.eventually("the second attempt") { world.fake.requests(to: .push).count == 2 }
            try await world.eventually("the 429 is logged") {
                try await world.notifications(salon).first?["attempts"]?.int == 2
            }
            world.server.clock.advance(seconds: 2)  // Retry-After: 3 s is not over yet
            try await Task.sleep(for: .milliseconds(200))
            #expect(world.fake.requests(to: .push).count == 2)
            world.server.clock.advance(seconds: 10)
            try await world.eventually("the third attempt is accepted") {
                try await world.notifications(salon).first?["status"]?.string == "sent"
            }
            let keys = world.fake.requests(to: .push).map(\.retryKey)
            #expect(keys.count == 3 && Set(keys).count == 1 && keys[0] != nil, "\(keys)")
            #expect(try await world.notifications(salon).first?["attempts"]?.int == 3)
        }
    }

    @Test func aRefusedTokenParksNotificationsAndNewCredentialsResumeThem() async throws {
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server)
            try await world.connect(
                salon, token: "tok-expired", registered: false, settings: #""reminderOffsetsMinutes":[]"#)
            #expect(try await salon.call("POST", "/bookings", salon.bookingBody("11:00")).status == 201)
            try await world.eventually("the channel is marked token_invalid") {
                try await salon.call("GET", "/line-channel").json?["state"]?.string == "token_invalid"
            }
            #expect(try await salon.call("POST", "/bookings", salon.bookingBody("13:00")).status == 201)
            let parked = try await world.notifications(salon, "?status=parked")
            #expect(parked.count == 2)
            try await Task.sleep(for: .milliseconds(200))
            #expect(world.fake.requests(to: .push).count == 1, "parked notifications are not pushed")
            world.fake.registerChannel(accessToken: "tok-fresh")
            let renewed = try await salon.call("PATCH", "/line-channel", #"{"channelAccessToken":"tok-fresh"}"#)
            #expect(renewed.json?["state"]?.string == "ok")
            try await world.eventually("both are delivered") {
                try await world.notifications(salon, "?status=sent").count == 2
            }
            let accepted = world.fake.requests(to: .push).filter { $0.authorization == "Bearer tok-fresh" }
            #expect(accepted.count == 2)
        }
    }

    @Test func aBurstNeverExceedsTheChannelRateAndDoesNotHoldBackAnotherSalon() async throws {
        let rate = 500
        let burst = 5_000
        let limited: (inout LineConfiguration) -> Void = { $0.channelPushesPerSecond = rate }
        try await LineWorld.with(configure: limited) { world in
            let busy = try await APISalon.make(world.server, settings: #""slotMinutes":15,"maxDaysAhead":200"#)
            let quiet = try await APISalon.make(world.server)
            let settings = #""reminderOffsetsMinutes":[],"monthlyPushLimit":0"#
            try await world.connect(busy, token: "tok-busy-old", registered: false, settings: settings)
            try await world.connect(quiet, token: "tok-quiet", settings: settings)
            // Park the busy salon's channel, pile up the burst, then release it all at once with new credentials.
            try await bookDirectly(world, busy, count: 1)
            try await world.eventually("the busy channel is parked") {
                try await busy.call("GET", "/line-channel").json?["state"]?.string == "token_invalid"
            }
            try await bookDirectly(world, busy, count: burst - 1)
            world.fake.registerChannel(accessToken: "tok-busy")
            world.fake.clearRequests()
            let released = ContinuousClock.now
            #expect(try await busy.call("PATCH", "/line-channel", #"{"channelAccessToken":"tok-busy"}"#).status == 200)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await quiet.call("POST", "/bookings", quiet.bookingBody("11:00")).status == 201)
            try await world.eventually("the whole burst is delivered", seconds: 60) {
                world.fake.requests(to: .push).filter { $0.authorization == "Bearer tok-busy" }.count >= burst
            }
            let pushes = world.fake.requests(to: .push)
            let busyArrivals = pushes.filter { $0.authorization == "Bearer tok-busy" }.map(\.arrivedAt).sorted()
            #expect(busyArrivals.count == burst)
            var windowStart = 0
            var busiest = 0
            for (index, arrival) in busyArrivals.enumerated() {
                while busyArrivals[windowStart] + .seconds(1) <= arrival { windowStart += 1 }
                busiest = max(busiest, index - windowStart + 1)
            }
            #expect(busiest <= rate, "\(busiest) pushes arrived within one second")
            let quietArrival = try #require(pushes.first { $0.authorization == "Bearer tok-quiet" }?.arrivedAt)
            let burstEnd = try #require(busyArrivals.last)
            #expect(quietArrival - released < .seconds(3), "the other salon waited \(quietArrival - released)")
            #expect(burstEnd - released > .seconds(8), "the burst took only \(burstEnd - released)")
        }
    }

    /// Books `count` bookings for the salon's customer straight through the engine (far faster than HTTP), spread
    /// over the salon's technician's free quarter hours.
    private func bookDirectly(_ world: LineWorld, _ salon: APISalon, count: Int) async throws {
        let engine = world.server.node.engine
        let merchantID = try #require(MerchantID(salon.merchantID))
        let merchant = try #require(engine.merchant(merchantID))
        let staff = try #require(StaffID(salon.staffID))
        let short = try await engine.createService(
            merchantID: merchantID, ServiceDraft(name: "Quick fix", durationMinutes: 15),
            CommandContext(now: world.server.clock.now, origin: .system)
        ).get()
        let taken = engine.bookings(BookingQuery(merchantID: merchantID, limit: BookingQuery.limitMax)).bookings.count
        let today = merchant.zone.localDateTime(at: world.server.clock.now).date
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in taken..<(taken + count) {
                let day = today.adding(days: 1 + index / 40)
                let start = merchant.zone.instant(on: day, at: 10 * 60 + 15 * (index % 40))
                let request = NewBooking(
                    merchantID: merchantID, serviceID: short.id, staffID: staff,
                    customerID: try #require(CustomerID(salon.customerID)), startsAt: start)
                let context = CommandContext(now: world.server.clock.now, origin: .system)
                group.addTask { _ = try await engine.createBooking(request, context).get() }
                if index % 64 == 63 { try await group.waitForAll() }
            }
            try await group.waitForAll()
        }
    }
}
