@testable import Core

extension CodecTestRandom {
    /// A random event of any case with random (valid) field values.
    mutating func event() -> EngineEvent {
        switch below(35) {
        case 0: return .merchantCreated(merchant())
        case 1: return .merchantUpdated(merchant())
        case 2: return .staffCreated(staff())
        case 3: return .staffUpdated(staff())
        case 4: return .timeOffAdded(id(), timeOff())
        case 5: return .timeOffRemoved(id(), id())
        case 6: return .serviceCreated(withNeeds(service()))
        case 7: return .serviceUpdated(withNeeds(service()))
        case 8: return .customerCreated(customer())
        case 9: return .customerUpdated(customer())
        case 10: return .holdCreated(withNeeds(hold()))
        case 11: return .holdReleased(id(), at: instant(), origin: origin())
        case 12:
            var booking = maybeAwaitingApproval(booking())
            booking.resourceNeeds = needs()
            if chance(1, in: 3) {
                booking.items = visitItems()
            }
            return .bookingCreated(booking, idempotency: optional { $0.record() })
        case 13: return .bookingCancelled(id(), at: instant(), reason: optional { $0.text() }, origin: origin())
        case 14: return .bookingRescheduled(id(), staffID: id(), startsAt: instant(), at: instant(), origin: origin())
        case 15: return .bookingCompleted(id(), at: instant(), origin: origin())
        case 16: return .bookingMarkedNoShow(id(), at: instant(), origin: origin())
        case 17: return .apiKeyIssued(ApiKey(id: id(), merchantID: id(), digest: bytes(32), createdAt: instant()))
        case 18: return .apiKeyRevoked(id(), at: instant())
        case 19: return .bookingAttendanceConfirmed(id(), at: instant(), origin: origin())
        case 20: return .lineChannelStored(lineChannel())
        case 21: return .lineReachabilityChanged(id(), reachable: chance(1, in: 2), at: instant())
        case 22: return .lineWebhookEventsHandled(id(), eventIDs: (0..<below(4)).map { _ in text() }, at: instant())
        case 23: return .notificationsSettled((0..<below(5)).map { _ in outcome() }, at: instant())
        case 25: return .inviteCreated(invite())
        case 26: return .userAccountCreated(account(), invite: optional { $0.id() })
        case 27: return .userAccountUpdated(account())
        case 28: return .notificationResent(id(), at: instant(), origin: origin())
        case 29: return .customerErased(id(), at: instant(), origin: origin())
        case 30: return .resourceCreated(resource())
        case 31: return .resourceUpdated(resource())
        case 32:
            let from = Instant(secondsSinceEpoch: min(instant().secondsSinceEpoch, .max - 2_000_000))
            let to = Instant(secondsSinceEpoch: from.secondsSinceEpoch + Int64(below(1_000_000)) + 1)
            var entry = WaitlistEntry(
                id: id(), merchantID: id(), customerID: id(), serviceID: id(), staffID: optional { $0.id() },
                from: from, to: to, joinedAt: instant(), origin: origin())
            if chance(1, in: 3) {
                entry.staffID = nil
                entry.items = (0..<(2 + below(5))).map { _ in
                    VisitItemRequest(serviceID: id(), staffID: optional { $0.id() })
                }
                entry.items[0].serviceID = entry.serviceID
                entry.parallel = chance(1, in: 2)
            }
            return .waitlistJoined(entry)
        case 33:
            let exit: WaitlistExit = chance(1, in: 2) ? .left : .ended
            return .waitlistLeft((0..<(1 + below(4))).map { _ in id() }, at: instant(), exit: exit, origin: origin())
        case 34:
            var held = withNeeds(hold())
            if chance(1, in: 3) { held.items = visitItems() }
            return .waitlistOffered(id(), held)
        default:
            let holds: [HoldID] = (0..<below(5)).map { _ in id() }
            let keys = (0..<below(4)).map { _ in key() }
            return .expiredSwept(holds: holds, idempotencyKeys: keys, at: instant())
        }
    }

    /// Two to four visit items with random (valid) fields.
    mutating func visitItems() -> [VisitItem] {
        (0..<(2 + below(3))).map { _ in
            let start = Instant(secondsSinceEpoch: int64(in: -4_000_000_000..<4_000_000_000))
            return VisitItem(
                serviceID: id(), staffID: id(), startsAt: start, endsAt: start + Int64(below(36_000) + 1),
                bufferBeforeMinutes: Int(below(241)), bufferAfterMinutes: Int(below(241)), resourceNeeds: needs())
        }
    }

    mutating func resource() -> Resource {
        Resource(id: id(), merchantID: id(), name: text(), capacity: Int(below(101)))
    }

    /// Resource needs (format 5), none one time in two.
    mutating func needs() -> [ResourceNeed] {
        guard chance(1, in: 2) else { return [] }
        return (0..<below(4)).map { _ in
            ResourceNeed(
                resourceID: id(), offsetMinutes: Int(below(600)), minutes: optional { Int($0.below(600)) + 1 })
        }
    }

    mutating func withNeeds(_ service: Service) -> Service {
        var service = service
        service.resourceNeeds = needs()
        return service
    }

    mutating func withNeeds(_ hold: Hold) -> Hold {
        var hold = hold
        hold.resourceNeeds = needs()
        return hold
    }

    mutating func lineChannel() -> LineChannel {
        LineChannel(
            merchantID: id(), channelID: text(), sealedSecret: bytes(below(60)), sealedAccessToken: bytes(below(300)),
            accessTokenLast4: text(), liffID: optional { $0.text() }, state: pick(LineChannelState.allCases),
            settings: MessagingSettings(
                reminderOffsetsMinutes: (0..<below(5)).map { _ in int() }, monthlyPushLimit: int(),
                bookingKeywords: (0..<below(3)).map { _ in text() }, language: text(),
                templates: Dictionary((0..<below(3)).map { _ in (text(), text()) }, uniquingKeysWith: { a, _ in a })),
            updatedAt: instant(), updatedBy: optional { $0.origin() })
    }

    mutating func account() -> UserAccount {
        let role = pick(UserRole.allCases)
        return UserAccount(
            id: id(), merchantID: role == .platformOperator ? nil : id(), role: role, login: text(),
            displayName: text(), staffID: optional { $0.id() }, passwordHash: text(),
            sealedTOTPSecret: optional { $0.bytes($0.below(40)) }, credentialVersion: next(),
            removed: chance(1, in: 3), createdAt: instant())
    }

    mutating func invite() -> Invite {
        let role = pick(UserRole.allCases)
        return Invite(
            id: id(), merchantID: role == .platformOperator ? nil : id(), role: role, staffID: optional { $0.id() },
            digest: bytes(32), createdBy: origin().author, createdAt: instant(), expiresAt: instant(),
            redeemedBy: optional { $0.id() })
    }

    mutating func outcome() -> NotificationOutcome {
        let results: [NotificationOutcome.Result] = [
            .sent, .retry(nextAttemptAt: instant(), error: text()), .failed(error: text()),
            .channelRejected(error: text()), .expired, .cancelled(reason: text()),
        ]
        let result = pick(results)
        let quotaMonth = result == .sent && below(2) == 0 ? 2_000 * 12 + below(1_200) : nil
        return NotificationOutcome(id: id(), result: result, quotaMonth: quotaMonth)
    }

    mutating func origin() -> Origin {
        let kind = pick(Author.Kind.allCases)
        let authorID = kind == .customer || kind == .merchant ? next() : 0
        return Origin(author: Author(kind: kind, id: authorID), channel: pick(Channel.allCases))
    }

    mutating func merchant() -> Merchant {
        let rules = BookingRules(
            minNoticeMinutes: int(),
            maxDaysAhead: int(),
            holdMinutes: int(),
            cancelDeadlineMinutes: optional { $0.int() }
        )
        var merchant = Merchant(
            id: id(),
            name: text(),
            zone: pick(EventSamples.zones),
            slotMinutes: int(),
            rules: rules,
            createdAt: instant()
        )
        merchant.suspended = chance(1, in: 3)
        merchant.rules.noShowPolicy = optional {
            NoShowPolicy(strikes: 1 + $0.below(50), windowDays: 1 + $0.below(730), action: .blockOnlineBooking)
        }
        return merchant
    }

    mutating func staff() -> Staff {
        let windows = (0..<below(6)).map { _ in
            let start = Int(below(1_441))
            let end = Int.random(in: start...1_440, using: &self)
            return WorkingWindow(
                weekday: Int.random(in: 1...7, using: &self),
                start: EventSamples.time(start),
                end: EventSamples.time(end)
            )
        }
        return Staff(
            id: id(),
            merchantID: id(),
            name: text(),
            isActive: chance(1, in: 2),
            workingHours: windows,
            timeOff: (0..<below(4)).map { _ in timeOff() },
            serviceIDs: optional { random in Set((0..<random.below(5)).map { _ in random.id() }) }
        )
    }

    mutating func timeOff() -> TimeOff {
        TimeOff(id: id(), startsAt: instant(), endsAt: instant(), reason: text())
    }

    mutating func service() -> Service {
        Service(
            id: id(),
            merchantID: id(),
            name: text(),
            durationMinutes: int(),
            bufferBeforeMinutes: int(),
            bufferAfterMinutes: int(),
            price: int(),
            isActive: chance(1, in: 2),
            staffIDs: optional { random in Set((0..<random.below(5)).map { _ in random.id() }) }
        )
    }

    mutating func customer() -> Customer {
        var customer = Customer(
            id: id(),
            merchantID: id(),
            displayName: text(),
            lineUserID: optional { $0.text() },
            phone: optional { $0.text() },
            createdAt: instant()
        )
        customer.note = chance(1, in: 2) ? text() : ""
        customer.blockedFromOnlineBooking = chance(1, in: 3)
        customer.erasedAt = optional { $0.instant() }
        customer.strikesClearedAt = optional { $0.instant() }
        return customer
    }

    mutating func hold() -> Hold {
        Hold(
            id: id(),
            merchantID: id(),
            staffID: id(),
            serviceID: id(),
            customerID: optional { $0.id() },
            startsAt: instant(),
            endsAt: instant(),
            bufferBeforeMinutes: Int(below(65_536)),
            bufferAfterMinutes: Int(below(65_536)),
            createdAt: instant(),
            expiresAt: instant()
        )
    }

    /// A confirmed booking awaits approval one time in three (format 4's flag).
    mutating func maybeAwaitingApproval(_ booking: Booking) -> Booking {
        var booking = booking
        booking.awaitingApproval = booking.status == .confirmed && chance(1, in: 3)
        return booking
    }

    mutating func booking() -> Booking {
        Booking(
            id: id(),
            merchantID: id(),
            staffID: id(),
            serviceID: id(),
            customerID: id(),
            startsAt: instant(),
            endsAt: instant(),
            bufferBeforeMinutes: Int(below(65_536)),
            bufferAfterMinutes: Int(below(65_536)),
            status: pick(BookingStatus.allCases),
            note: text(),
            createdAt: instant(),
            closedAt: optional { $0.closingInstant() },
            cancelReason: optional { $0.text() },
            holdID: optional { $0.id() },
            origin: origin()
        )
    }

    /// Any instant but Int64.min, which `Booking` reserves for "not closed".
    mutating func closingInstant() -> Instant {
        let instant = instant()
        return instant.secondsSinceEpoch == .min ? instant + 1 : instant
    }

    mutating func key() -> IdempotencyKey {
        IdempotencyKey(merchantID: id(), key: text())
    }

    mutating func record() -> IdempotencyRecord {
        IdempotencyRecord(key: key(), fingerprint: next(), expiresAt: instant())
    }
}
