@testable import Core

/// Drives a real in-memory engine through every kind of change, so that its state and kept events exercise the
/// codecs the way production does.
struct EngineScenario {
    let engine: BookingEngine
    let log: InMemoryEventLog
    var random: CodecTestRandom
    /// 2026-06-01T00:00:00Z.
    var now = Instant(secondsSinceEpoch: 1_780_272_000)
    private(set) var merchants: [Merchant] = []
    private(set) var bookings: [Booking] = []
    private(set) var holds: [Hold] = []

    init(random: CodecTestRandom) {
        (engine, log) = BookingEngine.inMemory(keepsEvents: true)
        self.random = random
    }

    private var merchantContext: CommandContext {
        CommandContext(now: now, origin: Origin(author: Author(kind: .merchant, id: 9), channel: .backOffice))
    }

    private func value<Value>(_ result: Result<Value, Rejection>, _ what: String) -> Value {
        switch result {
        case .success(let value): return value
        case .failure(let rejection): preconditionFailure("scenario step \(what) rejected: \(rejection)")
        }
    }

    /// Runs the whole scenario: catalog, bookings and their changes, holds, a sweep, and more of each after it.
    mutating func run(bookingsPerMerchant: Int) async throws {
        try await makeCatalog(name: "小美美甲", zone: "Asia/Taipei")
        try await makeCatalog(name: "Nail Lab", zone: "Asia/Tokyo")
        try await connectLine(merchants[0])
        try await book(count: bookingsPerMerchant)
        try await changeBookings()
        try await deliverSome()
        try await makeHolds()
        now += 25 * 3_600  // past every hold and idempotency key so far
        _ = try await engine.sweepExpired(now: now)
        try await book(count: bookingsPerMerchant / 2)
        try await changeBookings()
        try await makeHolds()
    }

    private mutating func makeCatalog(name: String, zone: String) async throws {
        let rules = BookingRules(minNoticeMinutes: 0, maxDaysAhead: 60, holdMinutes: 10, cancelDeadlineMinutes: 60)
        let draft = MerchantDraft(name: name, timeZone: zone, slotMinutes: 30, rules: rules)
        var merchant = value(try await engine.createMerchant(draft, merchantContext), "merchant")
        var updated = MerchantDraft(merchant)
        updated.slotMinutes = 15
        merchant = value(try await engine.updateMerchant(merchant.id, updated, merchantContext), "merchant update")
        merchants.append(merchant)
        var services: [Service] = []
        for (index, service) in ["凝膠指甲", "Manicure", "足部保養"].enumerated() {
            let draft = ServiceDraft(
                name: service, durationMinutes: 30 + 30 * index, bufferBeforeMinutes: 5 * index,
                bufferAfterMinutes: 10, price: 800 + 400 * index)
            services.append(
                value(try await engine.createService(merchantID: merchant.id, draft, merchantContext), "service"))
        }
        let everyDay = (1...7).flatMap { weekday in
            [
                WorkingWindow(weekday: weekday, start: EventSamples.time(9 * 60), end: EventSamples.time(12 * 60)),
                WorkingWindow(weekday: weekday, start: EventSamples.time(13 * 60), end: EventSamples.time(21 * 60)),
            ]
        }
        for (index, staffName) in ["Amy", "小芳", "Yuki 🌸"].enumerated() {
            let only: Set<ServiceID>? = index == 2 ? [services[0].id, services[1].id] : nil
            let draft = StaffDraft(name: staffName, workingHours: everyDay, serviceIDs: only)
            _ = value(try await engine.createStaff(merchantID: merchant.id, draft, merchantContext), "staff")
        }
        try await adjustCatalog(of: merchant, services: services)
        for index in 0..<6 {
            let draft = CustomerDraft(
                displayName: index == 0 ? "小美" : "Customer \(index)",
                lineUserID: index % 2 == 0 ? "U\(merchant.id.rawValue)x\(index)" : nil,
                phone: index % 3 == 0 ? "0912-345-67\(index)" : nil)
            _ = value(try await engine.createCustomer(merchantID: merchant.id, draft, merchantContext), "customer")
        }
        var keys: [ApiKey] = []
        for seed in 0..<3 {
            let digest = (0..<ApiKey.digestLength).map {
                UInt8(truncatingIfNeeded: $0 * 31 + seed + Int(merchant.id.rawValue))
            }
            keys.append(
                value(try await engine.issueApiKey(merchantID: merchant.id, digest: digest, merchantContext), "key"))
        }
        value(try await engine.revokeApiKey(keys[1].id, merchantID: merchant.id, merchantContext), "key revocation")
        let first = engine.customers(of: merchant.id)[1]
        let moved = CustomerDraft(
            displayName: "Customer 1 改", lineUserID: "U-moved-\(merchant.id.rawValue)", phone: nil)
        _ = value(
            try await engine.updateCustomer(first.id, merchantID: merchant.id, moved, merchantContext), "customer")
    }

    /// Updates a service and a staff member, and adds and removes time off.
    private mutating func adjustCatalog(of merchant: Merchant, services: [Service]) async throws {
        var draft = ServiceDraft(services[1])
        draft.price = 999
        draft.staffIDs = [engine.staff(of: merchant.id)[0].id]
        _ = value(
            try await engine.updateService(services[1].id, merchantID: merchant.id, draft, merchantContext), "svc")
        let staff = engine.staff(of: merchant.id)
        var staffDraft = StaffDraft(staff[1])
        staffDraft.name = "小芳 Fang"
        _ = value(
            try await engine.updateStaff(staff[1].id, merchantID: merchant.id, staffDraft, merchantContext), "stf")
        var offs: [TimeOff] = []
        for day in [40, 41, 45] {
            let startsAt = now + Int64(day) * 86_400
            let off = try await engine.addTimeOff(
                staffID: staff[0].id, merchantID: merchant.id, startsAt: startsAt, endsAt: startsAt + 86_400,
                reason: day == 40 ? "休假" : "", merchantContext)
            offs.append(value(off, "time off"))
        }
        let removed = try await engine.removeTimeOff(
            offs[1].id, staffID: staff[0].id, merchantID: merchant.id, merchantContext)
        value(removed, "time off removal")
    }

    /// A start on a whole half hour inside working hours, within the next 30 days, in the merchant's zone.
    private mutating func start(for merchant: Merchant) -> Instant {
        let today = merchant.zone.localDateTime(at: now).date
        let day = today.adding(days: 1 + Int(random.below(30)))
        let minutes = 13 * 60 + 30 * Int(random.below(12))
        return merchant.zone.instant(on: day, at: minutes)
    }

    private mutating func book(count: Int) async throws {
        for merchant in merchants {
            let services = engine.services(of: merchant.id)
            let customers = engine.customers(of: merchant.id)
            for index in 0..<count {
                let customer = random.pick(customers)
                let request = NewBooking(
                    merchantID: merchant.id,
                    serviceID: random.pick(services).id,
                    customerID: customer.id,
                    startsAt: start(for: merchant),
                    note: random.chance(1, in: 3) ? "指甲很脆弱 💅 #\(index)" : "",
                    idempotencyKey: random.chance(1, in: 4) ? "key-\(now.secondsSinceEpoch)-\(index)-美" : nil
                )
                let origin = Origin(author: .customer(customer.id), channel: .line)
                if case .success(let booking) = try await engine.createBooking(
                    request, CommandContext(now: now, origin: origin))
                {
                    bookings.append(booking)
                }
            }
        }
    }

    private mutating func changeBookings() async throws {
        for booking in bookings where random.chance(1, in: 2) {
            let context = merchantContext
            let id = booking.id
            let merchantID = booking.merchantID
            switch random.below(5) {
            case 0:
                _ = try await engine.cancelBooking(
                    id, merchantID: merchantID, reason: random.optional { _ in "客人生病" }, context)
            case 1: _ = try await engine.completeBooking(id, merchantID: merchantID, context)
            case 2: _ = try await engine.markNoShow(id, merchantID: merchantID, context)
            default:
                guard let merchant = merchants.first(where: { $0.id == merchantID }) else { continue }
                let move = BookingMove(
                    startsAt: start(for: merchant), allowOutsideWorkingHours: random.chance(1, in: 2))
                _ = try await engine.rescheduleBooking(id, merchantID: merchantID, to: move, context)
            }
        }
    }

    /// Gives a merchant a LINE channel, so its bookings create notifications.
    private mutating func connectLine(_ merchant: Merchant) async throws {
        let channel = LineChannel(
            merchantID: merchant.id, channelID: "1657000000", sealedSecret: random.bytes(45),
            sealedAccessToken: random.bytes(190), accessTokenLast4: "Ab9=", liffID: nil,
            settings: MessagingSettings(templates: ["reminder": "{customer}，明天 {time} 見！"]), updatedAt: now,
            updatedBy: Origin(author: .admin, channel: .api))
        _ = value(try await engine.storeLineChannel(channel), "LINE channel")
    }

    /// Settles some notifications every way, unfollows a customer and remembers webhook events.
    private mutating func deliverSome() async throws {
        let merchantID = merchants[0].id
        let due = engine.store.read { $0.outbox.due(of: merchantID, at: now + 90 * 86_400, limit: 60) }
        let results: [NotificationOutcome.Result] = [
            .sent, .retry(nextAttemptAt: now + 30, error: "LINE answered 500"), .failed(error: "Invalid"),
            .expired, .cancelled(reason: "quota kept for confirmations"),
        ]
        let outcomes = due.enumerated().map { NotificationOutcome(id: $1.id, result: results[$0 % results.count]) }
        if !outcomes.isEmpty { _ = try await engine.recordDeliveries(outcomes, at: now) }
        if let notification = due.first {
            _ = try await engine.recordDeliveries(
                [NotificationOutcome(id: notification.id, result: .channelRejected(error: "401"))], at: now)
        }
        try await engine.recordWebhookEventsHandled(["01FZ74A0TDDPYRVKNK77XKC3ZR"], of: merchantID, at: now)
        if let lineUser = engine.customers(of: merchantID).compactMap(\.lineUserID).first {
            try await engine.lineUserUnfollowed(lineUser, merchantID: merchantID, at: now)
        }
    }

    private mutating func makeHolds() async throws {
        for merchant in merchants {
            let staff = engine.staff(of: merchant.id)
            let services = engine.services(of: merchant.id)
            let customers = engine.customers(of: merchant.id)
            for index in 0..<6 {
                let request = NewHold(
                    merchantID: merchant.id, serviceID: services[0].id, staffID: random.pick(staff).id,
                    startsAt: start(for: merchant), customerID: index % 2 == 0 ? random.pick(customers).id : nil)
                guard case .success(let hold) = try await engine.createHold(request, merchantContext) else { continue }
                holds.append(hold)
                if index == 1 { _ = try await engine.releaseHold(hold.id, merchantID: merchant.id, merchantContext) }
                if index == 2 {
                    let confirm = NewBooking(
                        merchantID: merchant.id, serviceID: hold.serviceID, staffID: hold.staffID,
                        customerID: hold.customerID ?? random.pick(customers).id, startsAt: hold.startsAt,
                        holdID: hold.id)
                    _ = try await engine.createBooking(confirm, merchantContext)
                }
            }
        }
    }
}
