@testable import Core

extension EventSamples {
    static let minInstant = Instant(secondsSinceEpoch: .min)
    static let maxInstant = Instant(secondsSinceEpoch: .max)

    /// Samples at the edges: empty strings, absent optionals, empty collections, extreme numbers.
    static var edges: [EngineEvent] {
        let bare = Merchant(
            id: MerchantID(maxID),
            name: "",
            zone: zones[4],
            slotMinutes: .min,
            rules: BookingRules(minNoticeMinutes: .max, maxDaysAhead: .min, holdMinutes: 0),
            createdAt: minInstant
        )
        let staff = Staff(id: StaffID(1), merchantID: MerchantID(1), name: "", isActive: false, workingHours: [])
        let noServices = Staff(
            id: StaffID(maxID), merchantID: MerchantID(maxID), name: "", workingHours: [], serviceIDs: [])
        let service = Service(
            id: ServiceID(maxID),
            merchantID: MerchantID(maxID),
            name: "",
            durationMinutes: .max,
            bufferBeforeMinutes: .min,
            bufferAfterMinutes: -1,
            price: .min,
            isActive: false,
            staffIDs: nil
        )
        let customer = Customer(id: CustomerID(1), merchantID: MerchantID(1), displayName: "", createdAt: maxInstant)
        let blank = Customer(
            id: CustomerID(2), merchantID: MerchantID(1), displayName: "", lineUserID: "", phone: "",
            createdAt: minInstant)
        return [
            .merchantCreated(bare),
            .staffCreated(staff),
            .staffUpdated(noServices),
            .timeOffAdded(StaffID(maxID), TimeOff(id: TimeOffID(1), startsAt: maxInstant, endsAt: minInstant)),
            .timeOffRemoved(StaffID(1), TimeOffID(maxID)),
            .serviceCreated(service),
            .customerCreated(customer),
            .customerUpdated(blank),
            .holdCreated(edgeHold),
            .holdReleased(
                HoldID(maxID), at: minInstant, origin: Origin(author: Author(kind: .merchant, id: .max), channel: .api)),
            .bookingCreated(edgeBooking, idempotency: nil),
            .bookingCreated(
                edgeBooking,
                idempotency: IdempotencyRecord(
                    key: IdempotencyKey(merchantID: MerchantID(maxID), key: ""),
                    fingerprint: .max,
                    expiresAt: maxInstant
                )
            ),
            .bookingCancelled(BookingID(1), at: maxInstant, reason: nil, origin: .system),
            .bookingCancelled(BookingID(1), at: maxInstant, reason: "", origin: .system),
            .bookingRescheduled(
                BookingID(maxID), staffID: StaffID(1), startsAt: minInstant, at: maxInstant, origin: .system),
            .bookingCompleted(BookingID(maxID), at: Instant(secondsSinceEpoch: 0), origin: .system),
            .bookingMarkedNoShow(BookingID(1), at: Instant(secondsSinceEpoch: -1), origin: .system),
            .expiredSwept(holds: [], idempotencyKeys: [], at: minInstant),
            .apiKeyIssued(
                ApiKey(
                    id: ApiKeyID(maxID),
                    merchantID: MerchantID(maxID),
                    digest: Array(repeating: 0xff, count: ApiKey.digestLength),
                    createdAt: maxInstant
                )
            ),
            .apiKeyRevoked(ApiKeyID(1), at: minInstant),
        ]
    }

    static var edgeHold: Hold {
        Hold(
            id: HoldID(maxID),
            merchantID: MerchantID(1),
            staffID: StaffID(maxID),
            serviceID: ServiceID(1),
            customerID: nil,
            startsAt: maxInstant,
            endsAt: minInstant,
            bufferBeforeMinutes: Int(UInt16.max),
            bufferAfterMinutes: 0,
            createdAt: minInstant,
            expiresAt: maxInstant
        )
    }

    static var edgeBooking: Booking {
        Booking(
            id: BookingID(maxID),
            merchantID: MerchantID(maxID),
            staffID: StaffID(maxID),
            serviceID: ServiceID(maxID),
            customerID: CustomerID(maxID),
            startsAt: minInstant,
            endsAt: maxInstant,
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: Int(UInt16.max),
            status: .noShow,
            note: "",
            createdAt: maxInstant,
            closedAt: Instant(secondsSinceEpoch: .min + 1),  // Int64.min itself means "not closed"
            cancelReason: "",
            holdID: nil,
            origin: Origin(author: Author(kind: .customer, id: .max), channel: .line)
        )
    }
}
