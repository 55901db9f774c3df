@testable import Core

/// Events for codec tests: hand-written samples of every case, and random ones.
enum EventSamples {
    /// Zones built once (each costs milliseconds).
    static let zones: [ZoneRules] = ["Asia/Taipei", "Asia/Tokyo", "America/New_York", "Europe/London", "UTC"].map {
        guard let zone = ZoneRules(identifier: $0) else { preconditionFailure("test zone \($0) unknown") }
        return zone
    }

    static let taipei = zones[0]
    static let createdAt = Instant(secondsSinceEpoch: 1_795_737_600)
    static let customerOrigin = Origin(author: .customer(CustomerID(42)), channel: .line)
    static let maxID = (UInt64(1) << 63) - 1

    static let merchant = Merchant(
        id: MerchantID(1),
        name: "小美美甲",
        zone: taipei,
        slotMinutes: 30,
        rules: BookingRules(minNoticeMinutes: 60, maxDaysAhead: 90, holdMinutes: 15, cancelDeadlineMinutes: 1_440),
        address: "台北市大安區忠孝東路四段 181 號",
        currency: .jpy,
        createdAt: createdAt
    )

    static let staff = Staff(
        id: StaffID(7),
        merchantID: MerchantID(1),
        name: "Amy 💅",
        isActive: true,
        workingHours: [
            WorkingWindow(weekday: 1, start: time(600), end: time(720)),
            WorkingWindow(weekday: 1, start: time(780), end: time(1_140)),
            WorkingWindow(weekday: 7, start: time(0), end: time(1_440)),
        ],
        timeOff: [
            TimeOff(id: TimeOffID(3), startsAt: createdAt, endsAt: createdAt + 86_400, reason: "休假"),
            TimeOff(id: TimeOffID(maxID), startsAt: Instant(secondsSinceEpoch: .min), endsAt: createdAt),
        ],
        serviceIDs: [ServiceID(2), ServiceID(9), ServiceID(maxID)]
    )

    static let service = Service(
        id: ServiceID(2),
        merchantID: MerchantID(1),
        name: "凝膠指甲",
        durationMinutes: 90,
        bufferBeforeMinutes: 10,
        bufferAfterMinutes: 15,
        price: 1_200,
        isActive: true,
        staffIDs: [StaffID(7)]
    )

    static let customer = Customer(
        id: CustomerID(42),
        merchantID: MerchantID(1),
        displayName: "小美",
        lineUserID: "U4af4980629",
        phone: "+886 912 345 678",
        createdAt: createdAt
    )

    static let hold = Hold(
        id: HoldID(5),
        merchantID: MerchantID(1),
        staffID: StaffID(7),
        serviceID: ServiceID(2),
        customerID: CustomerID(42),
        startsAt: createdAt + 7_200,
        endsAt: createdAt + 12_600,
        bufferBeforeMinutes: 10,
        bufferAfterMinutes: 15,
        createdAt: createdAt,
        expiresAt: createdAt + 900
    )

    static let booking = Booking(
        id: BookingID(11),
        merchantID: MerchantID(1),
        staffID: StaffID(7),
        serviceID: ServiceID(2),
        customerID: CustomerID(42),
        startsAt: createdAt + 7_200,
        endsAt: createdAt + 12_600,
        bufferBeforeMinutes: 10,
        bufferAfterMinutes: 15,
        note: "第一次來 🙂",
        createdAt: createdAt,
        holdID: HoldID(5),
        origin: customerOrigin
    )

    static let record = IdempotencyRecord(
        key: IdempotencyKey(merchantID: MerchantID(1), key: "req-小美-0001"),
        fingerprint: 0xdead_beef_cafe_f00d,
        expiresAt: createdAt + IdempotencyRecord.lifetimeSeconds
    )

    static let apiKey = ApiKey(
        id: ApiKeyID(4),
        merchantID: MerchantID(1),
        digest: (0..<32).map { UInt8($0 * 7 + 1) },
        createdAt: createdAt
    )

    static func time(_ minutes: Int) -> TimeOfDay {
        guard let time = TimeOfDay(minutes: minutes) else { preconditionFailure("bad test time \(minutes)") }
        return time
    }

    /// One or more realistic samples of every case.
    static var realistic: [EngineEvent] {
        [
            .merchantCreated(merchant),
            .merchantUpdated(merchant),
            .staffCreated(staff),
            .staffUpdated(staff),
            .timeOffAdded(StaffID(7), staff.timeOff[0]),
            .timeOffRemoved(StaffID(7), TimeOffID(3)),
            .serviceCreated(service),
            .serviceUpdated(service),
            .customerCreated(customer),
            .customerUpdated(customer),
            .holdCreated(hold),
            .holdReleased(HoldID(5), at: createdAt + 60, origin: customerOrigin),
            .bookingCreated(booking, idempotency: record),
            .bookingCreated(booking, idempotency: nil),
            .bookingCancelled(BookingID(11), at: createdAt + 600, reason: "客人生病", origin: customerOrigin),
            .bookingRescheduled(
                BookingID(11),
                staffID: StaffID(8),
                startsAt: createdAt + 10_800,
                at: createdAt + 300,
                origin: Origin(author: Author(kind: .merchant, id: 77), channel: .backOffice)
            ),
            .bookingCompleted(BookingID(11), at: createdAt + 12_600, origin: Origin(author: .admin, channel: .api)),
            .bookingMarkedNoShow(BookingID(11), at: createdAt + 12_600, origin: .system),
            .expiredSwept(holds: [HoldID(5), HoldID(6)], idempotencyKeys: [record.key], at: createdAt + 86_400),
            .apiKeyIssued(apiKey),
            .apiKeyRevoked(ApiKeyID(4), at: createdAt + 3_600),
            .bookingAttendanceConfirmed(BookingID(11), at: createdAt + 60, origin: customerOrigin),
            .lineChannelStored(lineChannel),
            .lineReachabilityChanged(CustomerID(42), reachable: false, at: createdAt + 5),
            .lineWebhookEventsHandled(MerchantID(1), eventIDs: ["01FZ74A0TDDPYRVKNK77XKC3ZR", "美"], at: createdAt),
            .notificationsSettled(
                [
                    NotificationOutcome(id: NotificationID(16), result: .sent, quotaMonth: 2026 * 12 + 11),
                    NotificationOutcome(
                        id: NotificationID(17), result: .retry(nextAttemptAt: createdAt + 2, error: "LINE answered 500")
                    ),
                    NotificationOutcome(id: NotificationID(18), result: .failed(error: "Invalid reply token")),
                    NotificationOutcome(id: NotificationID(19), result: .channelRejected(error: "401")),
                    NotificationOutcome(id: NotificationID(20), result: .expired),
                    NotificationOutcome(id: NotificationID(21), result: .cancelled(reason: "quota")),
                ],
                at: createdAt + 1
            ),
            .inviteCreated(invite),
            .inviteCreated(operatorInvite),
            .userAccountCreated(owner, invite: InviteID(30)),
            .userAccountCreated(platformOperator, invite: nil),
            .userAccountUpdated(owner),
            .merchantUpdated(suspendedMerchant),
            .customerUpdated(notedCustomer),
            .notificationResent(
                NotificationID(17), at: createdAt + 90, origin: Origin(author: .user(UserID(32)), channel: .backOffice)),
            .customerErased(
                CustomerID(42), at: createdAt + 120, origin: Origin(author: .user(UserID(32)), channel: .backOffice)),
            .customerUpdated(erasedCustomer),
            .bookingApproved(
                BookingID(7), at: createdAt + 160, origin: Origin(author: .user(UserID(32)), channel: .backOffice)),
            .resourceCreated(Resource(id: ResourceID(50), merchantID: MerchantID(1), name: "足湯沙發", capacity: 3)),
            .resourceUpdated(Resource(id: ResourceID(50), merchantID: MerchantID(1), name: "UV lamp 💅", capacity: 0)),
            .serviceUpdated(serviceWithNeeds),
            .holdCreated(holdWithNeeds),
            .bookingCreated(bookingWithNeeds, idempotency: nil),
            .bookingCreated(visit, idempotency: nil),
            .waitlistJoined(waitlistEntry),
            .waitlistOffered(waitlistEntry.id, holdWithNeeds),
            .waitlistJoined(waitingVisit),
            .waitlistOffered(waitingVisit.id, heldVisit),
            .waitlistLeft(
                [WaitlistEntryID(60), WaitlistEntryID(maxID)], at: createdAt + 170, exit: .ended,
                origin: Origin(author: .system, channel: .system)),
            .waitlistLeft(
                [WaitlistEntryID(61)], at: createdAt + 171, exit: .left,
                origin: Origin(author: .customer(CustomerID(42)), channel: .liff)),
            .bookingsArchived(
                ArchiveBatch(
                    name: "archive-000001.nba", bookingIDs: [BookingID(7), BookingID(9), BookingID(maxID)],
                    merchantIDs: [MerchantID(1), MerchantID(2)], contentDigest: 0xfeed_beef_0123_4567,
                    cutoff: createdAt + -86_400 * 365, at: createdAt + 150)),
        ]
    }

    static var waitingVisit: WaitlistEntry {
        var entry = waitlistEntry
        entry.id = WaitlistEntryID(62)
        entry.staffID = nil
        entry.items = [
            VisitItemRequest(serviceID: entry.serviceID, staffID: StaffID(3)),
            VisitItemRequest(serviceID: ServiceID(maxID)),
        ]
        entry.parallel = true
        return entry
    }

    static var heldVisit: Hold {
        var held = hold
        held.id = HoldID(63)
        held.items = visit.items
        return held
    }

    static var waitlistEntry: WaitlistEntry {
        WaitlistEntry(
            id: WaitlistEntryID(60), merchantID: MerchantID(1), customerID: CustomerID(42), serviceID: ServiceID(5),
            staffID: StaffID(maxID), from: createdAt, to: createdAt + 86_400 * 14, joinedAt: createdAt + 5,
            origin: Origin(author: .customer(CustomerID(42)), channel: .liff))
    }

    static let needs = [
        ResourceNeed(resourceID: ResourceID(50)),
        ResourceNeed(resourceID: ResourceID(maxID), offsetMinutes: 599, minutes: 600),
    ]

    static var serviceWithNeeds: Service {
        var withNeeds = service
        withNeeds.resourceNeeds = needs
        return withNeeds
    }

    static var holdWithNeeds: Hold {
        var withNeeds = hold
        withNeeds.resourceNeeds = needs
        return withNeeds
    }

    static var bookingWithNeeds: Booking {
        var withNeeds = booking
        withNeeds.resourceNeeds = needs
        return withNeeds
    }

    /// A visit of two items, the second in parallel with another technician and using resources.
    static var visit: Booking {
        var visit = booking
        visit.items = [
            VisitItem(
                serviceID: booking.serviceID, staffID: booking.staffID, startsAt: booking.startsAt,
                endsAt: booking.endsAt),
            VisitItem(
                serviceID: ServiceID(maxID), staffID: StaffID(maxID), startsAt: booking.startsAt,
                endsAt: booking.startsAt + 36_000, bufferBeforeMinutes: 240, bufferAfterMinutes: 0, resourceNeeds: needs
            ),
        ]
        return visit
    }

    static var suspendedMerchant: Merchant {
        var suspended = merchant
        suspended.suspended = true
        return suspended
    }
    static var notedCustomer: Customer {
        var noted = customer
        noted.note = "對凝膠過敏 allergic to gel"
        noted.blockedFromOnlineBooking = true
        return noted
    }

    static var erasedCustomer: Customer { notedCustomer.erased(at: createdAt + 120) }

    static let invite = Invite(
        id: InviteID(30), merchantID: MerchantID(1), role: .owner, digest: (0..<32).map { UInt8($0 * 7 % 256) },
        createdBy: .admin, createdAt: createdAt, expiresAt: createdAt + Invite.lifetimeSeconds)
    static let operatorInvite = Invite(
        id: InviteID(31), merchantID: nil, role: .platformOperator, digest: (0..<32).map { UInt8(255 - $0) },
        createdBy: .user(UserID(33)), createdAt: createdAt, expiresAt: createdAt + 60, redeemedBy: UserID(34))
    static let owner = UserAccount(
        id: UserID(32), merchantID: MerchantID(1), role: .owner, login: "mei@example.tw", displayName: "小美 店長",
        passwordHash: "$2b$10$abcdefghijklmnopqrstuu1234567890123456789012345678901", createdAt: createdAt)
    static let platformOperator = UserAccount(
        id: UserID(33), merchantID: nil, role: .platformOperator, login: "ops", displayName: "Ops",
        passwordHash: "$2b$10$x", sealedTOTPSecret: [1, 2, 3], credentialVersion: 7, removed: true,
        createdAt: createdAt)

    static let lineChannel = LineChannel(
        merchantID: MerchantID(1),
        channelID: "1657000000",
        sealedSecret: (0..<45).map { UInt8($0) },
        sealedAccessToken: (0..<200).map { UInt8(255 - $0) },
        accessTokenLast4: "x9Q=",
        liffID: "1657000000-AbCdEfGh",
        loginChannelID: "2000123456",
        state: .tokenInvalid,
        settings: MessagingSettings(
            reminderOffsetsMinutes: [1440, 120], monthlyPushLimit: 200, bookingKeywords: ["預約", "booking"],
            language: "zh-TW", templates: ["reminder": "提醒您：{time} {service}"]),
        updatedAt: createdAt, updatedBy: Origin(author: .user(UserID(32)), channel: .backOffice)
    )
}
