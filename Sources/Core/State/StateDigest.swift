/// A stable 64-bit FNV-1a hash, the same in every process (unlike `Hasher`, which is seeded per process).
public struct StableHasher: Sendable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Creates a hasher.
    public init() {}

    /// Mixes in eight bytes.
    public mutating func combine(_ number: UInt64) {
        var rest = number
        for _ in 0..<8 {
            value = (value ^ (rest & 0xff)) &* 0x100_0000_01b3
            rest >>= 8
        }
    }

    /// Mixes in a signed number.
    public mutating func combine(_ number: Int64) { combine(UInt64(bitPattern: number)) }
    /// Mixes in a machine integer.
    public mutating func combine(_ number: Int) { combine(Int64(number)) }
    /// Mixes in a flag.
    public mutating func combine(_ flag: Bool) { combine(UInt64(flag ? 1 : 0)) }
    /// Mixes in an instant.
    public mutating func combine(_ instant: Instant) { combine(instant.secondsSinceEpoch) }
    /// Mixes in an identifier.
    public mutating func combine<Kind>(_ id: Identifier<Kind>) { combine(id.rawValue) }

    /// Mixes in a string, length first so that concatenations differ.
    public mutating func combine(_ text: String) {
        combine(text.utf8.count)
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }

    /// Mixes in an optional value, with a marker for nil.
    public mutating func combine<T>(_ optional: T?, _ body: (inout StableHasher, T) -> Void) {
        guard let wrapped = optional else { return combine(UInt64(0xdead)) }
        combine(UInt64(1))
        body(&self, wrapped)
    }

    /// The hash so far.
    public func finalize() -> UInt64 { value }
}

extension EngineState {
    /// A digest of everything durable: equal states have equal digests, whatever order they were built in.
    public func digest() -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(appliedLSN)
        for merchant in catalog.merchants.values.sorted(by: { $0.id < $1.id }) { merchant.digest(into: &hasher) }
        for staff in catalog.staff.values.sorted(by: { $0.id < $1.id }) { staff.digest(into: &hasher) }
        for service in catalog.services.values.sorted(by: { $0.id < $1.id }) { service.digest(into: &hasher) }
        for customer in catalog.customers.values.sorted(by: { $0.id < $1.id }) { customer.digest(into: &hasher) }
        for booking in ledger.bookings.values.sorted(by: { $0.id < $1.id }) {
            booking.digest(into: &hasher)
            hasher.combine(ledger.history(of: booking.id).count)
        }
        for hold in ledger.holds.values.sorted(by: { $0.id < $1.id }) { hold.digest(into: &hasher) }
        // Resources and needs only when there are some, so that the digests of states without them stay the same.
        for resource in catalog.resources.values.sorted(by: { $0.id < $1.id }) {
            hasher.combine(resource.id)
            hasher.combine(resource.merchantID)
            hasher.combine(resource.name)
            hasher.combine(resource.capacity)
        }
        // Only when there are waitlist entries, so that the digests of states without them stay the same.
        for entry in ledger.waitlist.entries.values.sorted(by: { $0.id < $1.id }) { entry.digest(into: &hasher) }
        // Only when there is an archive, so that the digests of states without one stay what they were.
        for file in ledger.archive {
            hasher.combine(file.name)
            hasher.combine(file.count)
            hasher.combine(file.contentDigest)
        }
        for key in keyRing.keys.values.sorted(by: { $0.id < $1.id }) {
            hasher.combine(key.id)
            hasher.combine(key.merchantID)
            for byte in key.digest { hasher.combine(UInt64(byte)) }
            hasher.combine(key.createdAt)
        }
        let keys = ledger.idempotency.sorted { ($0.key.merchantID, $0.key.key) < ($1.key.merchantID, $1.key.key) }
        for (key, remembered) in keys {
            hasher.combine(key.merchantID)
            hasher.combine(key.key)
            hasher.combine(remembered.fingerprint)
            hasher.combine(remembered.bookingID)
        }
        outbox.digest(into: &hasher)
        accounts.digest(into: &hasher)
        return hasher.finalize()
    }
}

extension Merchant {
    func digest(into hasher: inout StableHasher) {
        hasher.combine(id)
        hasher.combine(name)
        hasher.combine(zone.identifier)
        hasher.combine(slotMinutes)
        hasher.combine(rules.minNoticeMinutes)
        hasher.combine(rules.maxDaysAhead)
        hasher.combine(rules.holdMinutes)
        hasher.combine(rules.cancelDeadlineMinutes) { $0.combine($1) }
        hasher.combine(address)
        hasher.combine(currency.rawValue)
        hasher.combine(suspended)
        // Only when set, so that the digests of salons without one stay what they were.
        if let policy = rules.noShowPolicy {
            hasher.combine(UInt64(0x4E53_5031))
            hasher.combine(policy.strikes)
            hasher.combine(policy.windowDays)
            hasher.combine(UInt64(policy.action.rawValue))
        }
        hasher.combine(createdAt)
    }
}

extension Staff {
    func digest(into hasher: inout StableHasher) {
        hasher.combine(id)
        hasher.combine(merchantID)
        hasher.combine(name)
        hasher.combine(isActive)
        for window in workingHours {
            hasher.combine(window.weekday)
            hasher.combine(window.start.minutes)
            hasher.combine(window.end.minutes)
        }
        for off in timeOff {
            hasher.combine(off.id)
            hasher.combine(off.startsAt)
            hasher.combine(off.endsAt)
            hasher.combine(off.reason)
        }
        hasher.combine(serviceIDs) { hasher, ids in for id in ids.sorted() { hasher.combine(id) } }
    }
}

extension Service {
    func digest(into hasher: inout StableHasher) {
        resourceNeeds.digest(into: &hasher)
        hasher.combine(id)
        hasher.combine(merchantID)
        hasher.combine(name)
        hasher.combine(durationMinutes)
        hasher.combine(bufferBeforeMinutes)
        hasher.combine(bufferAfterMinutes)
        hasher.combine(price)
        hasher.combine(isActive)
        hasher.combine(staffIDs) { hasher, ids in for id in ids.sorted() { hasher.combine(id) } }
    }
}

extension Customer {
    func digest(into hasher: inout StableHasher) {
        hasher.combine(id)
        hasher.combine(merchantID)
        hasher.combine(displayName)
        hasher.combine(lineUserID) { $0.combine($1) }
        hasher.combine(phone) { $0.combine($1) }
        hasher.combine(createdAt)
        hasher.combine(note)
        hasher.combine(blockedFromOnlineBooking)
        // Only when set, so that the digests of states without erasures stay what earlier releases computed.
        if let erasedAt { hasher.combine(erasedAt) }
        if let strikesClearedAt {
            hasher.combine(UInt64(0x4E53_4331))
            hasher.combine(strikesClearedAt)
        }
    }
}

extension Booking {
    func digest(into hasher: inout StableHasher) {
        resourceNeeds.digest(into: &hasher)
        hasher.combine(id)
        hasher.combine(merchantID)
        hasher.combine(staffID)
        hasher.combine(serviceID)
        hasher.combine(customerID)
        hasher.combine(startsAt)
        hasher.combine(endsAt)
        hasher.combine(Int(bufferBeforeMinutes))
        hasher.combine(Int(bufferAfterMinutes))
        hasher.combine(Int(status.rawValue))
        hasher.combine(note)
        hasher.combine(createdAt)
        hasher.combine(closedAt) { $0.combine($1) }
        hasher.combine(cancelReason) { $0.combine($1) }
        hasher.combine(holdID) { $0.combine($1) }
        hasher.combine(UInt64(origin.author.kind.rawValue))
        hasher.combine(origin.author.id)
        hasher.combine(UInt64(origin.channel.rawValue))
        // Only when set, so that the digests of states without one stay what they were.
        if awaitingApproval { hasher.combine(UInt64(0x4150_5052)) }
        for item in items { item.digest(into: &hasher) }
    }
}

extension VisitItem {
    func digest(into hasher: inout StableHasher) {
        hasher.combine(serviceID)
        hasher.combine(staffID)
        hasher.combine(startsAt)
        hasher.combine(endsAt)
        hasher.combine(bufferBeforeMinutes)
        hasher.combine(bufferAfterMinutes)
        resourceNeeds.digest(into: &hasher)
    }
}

extension Hold {
    func digest(into hasher: inout StableHasher) {
        resourceNeeds.digest(into: &hasher)
        hasher.combine(id)
        hasher.combine(merchantID)
        hasher.combine(staffID)
        hasher.combine(serviceID)
        hasher.combine(customerID) { $0.combine($1) }
        hasher.combine(startsAt)
        hasher.combine(endsAt)
        hasher.combine(Int(bufferBeforeMinutes))
        hasher.combine(Int(bufferAfterMinutes))
        hasher.combine(createdAt)
        hasher.combine(expiresAt)
        // Only for a visit held whole, so that the digests of other holds stay the same.
        for item in items { item.digest(into: &hasher) }
    }
}

extension [ResourceNeed] {
    /// Mixes in the needs; nothing at all when there are none.
    func digest(into hasher: inout StableHasher) {
        for need in self {
            hasher.combine(need.resourceID)
            hasher.combine(need.offsetMinutes)
            hasher.combine(need.minutes) { $0.combine($1) }
        }
    }
}

extension WaitlistEntry {
    func digest(into hasher: inout StableHasher) {
        hasher.combine(id)
        hasher.combine(merchantID)
        hasher.combine(customerID)
        hasher.combine(serviceID)
        hasher.combine(staffID) { $0.combine($1) }
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(joinedAt)
        hasher.combine(UInt64(status.rawValue))
        hasher.combine(offerHoldID) { $0.combine($1) }
        hasher.combine(closedAt) { $0.combine($1) }
        for item in items {
            hasher.combine(item.serviceID)
            hasher.combine(item.staffID) { $0.combine($1) }
        }
        hasher.combine(parallel)
    }
}
