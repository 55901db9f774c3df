/// A request to book a service.
public struct NewBooking: Hashable, Sendable {
    /// The merchant.
    public var merchantID: MerchantID
    /// The service.
    public var serviceID: ServiceID
    /// The staff member; nil means any staff member who can do the service and is free.
    public var staffID: StaffID?
    /// The customer.
    public var customerID: CustomerID
    /// When the service starts (any whole minute).
    public var startsAt: Instant
    /// The hold this booking confirms, if any.
    public var holdID: HoldID?
    /// Free text.
    public var note: String
    /// Lets the merchant book outside working hours, on time off, and outside the booking window.
    public var allowOutsideWorkingHours: Bool
    /// The client's idempotency key, if any.
    public var idempotencyKey: String?
    /// A multi-service visit's services in order (two or more; `serviceID` and `staffID` are then the first's).
    public var items: [VisitItemRequest]
    /// Whether the visit's items run at the same time, each with its own technician, rather than back to back.
    public var parallel: Bool

    /// Creates a request.
    public init(
        merchantID: MerchantID,
        serviceID: ServiceID,
        staffID: StaffID? = nil,
        customerID: CustomerID,
        startsAt: Instant,
        holdID: HoldID? = nil,
        note: String = "",
        allowOutsideWorkingHours: Bool = false,
        idempotencyKey: String? = nil,
        items: [VisitItemRequest] = [],
        parallel: Bool = false
    ) {
        self.merchantID = merchantID
        self.serviceID = serviceID
        self.staffID = staffID
        self.customerID = customerID
        self.startsAt = startsAt
        self.holdID = holdID
        self.note = note
        self.allowOutsideWorkingHours = allowOutsideWorkingHours
        self.idempotencyKey = idempotencyKey
        self.items = items
        self.parallel = parallel
    }

    /// A stable fingerprint of the request's content (the key itself excluded).
    public var fingerprint: UInt64 {
        var hasher = StableHasher()
        hasher.combine(merchantID)
        hasher.combine(serviceID)
        hasher.combine(staffID) { $0.combine($1) }
        hasher.combine(customerID)
        hasher.combine(startsAt)
        hasher.combine(holdID) { $0.combine($1) }
        hasher.combine(note)
        hasher.combine(allowOutsideWorkingHours)
        if !items.isEmpty {  // only for visits, so that single bookings keep their fingerprints
            for item in items {
                hasher.combine(item.serviceID)
                hasher.combine(item.staffID) { $0.combine($1) }
            }
            hasher.combine(parallel)
        }
        return hasher.finalize()
    }

    /// The longest note accepted, in characters.
    public static let noteLengthMax = 1_000
}

/// One service of a requested visit, with its technician or nil for anyone free who does it.
public struct VisitItemRequest: Hashable, Sendable {
    /// The service.
    public var serviceID: ServiceID
    /// The technician; nil means any technician who can do it and is free.
    public var staffID: StaffID?

    /// Creates an item.
    public init(serviceID: ServiceID, staffID: StaffID? = nil) {
        self.serviceID = serviceID
        self.staffID = staffID
    }
}

/// A request to move a booking to another start and/or staff member.
public struct BookingMove: Hashable, Sendable {
    /// The new start.
    public var startsAt: Instant
    /// The new staff member; nil keeps the current one.
    public var staffID: StaffID?
    /// Lets the merchant move it outside working hours.
    public var allowOutsideWorkingHours: Bool

    /// Creates a move.
    public init(startsAt: Instant, staffID: StaffID? = nil, allowOutsideWorkingHours: Bool = false) {
        self.startsAt = startsAt
        self.staffID = staffID
        self.allowOutsideWorkingHours = allowOutsideWorkingHours
    }
}

/// A request to hold a slot while the customer confirms.
public struct NewHold: Hashable, Sendable {
    /// The merchant.
    public var merchantID: MerchantID
    /// The service.
    public var serviceID: ServiceID
    /// The staff member.
    public var staffID: StaffID
    /// When the service would start.
    public var startsAt: Instant
    /// The customer, if known.
    public var customerID: CustomerID?
    /// At most this many live holds of the customer at once (the booking pages set it; nil: no cap).
    public var liveHoldsPerCustomerMax: Int?

    /// Creates a request.
    public init(
        merchantID: MerchantID,
        serviceID: ServiceID,
        staffID: StaffID,
        startsAt: Instant,
        customerID: CustomerID? = nil,
        liveHoldsPerCustomerMax: Int? = nil
    ) {
        self.merchantID = merchantID
        self.serviceID = serviceID
        self.staffID = staffID
        self.startsAt = startsAt
        self.customerID = customerID
        self.liveHoldsPerCustomerMax = liveHoldsPerCustomerMax
    }
}
