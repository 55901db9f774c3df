/// The settings of a merchant, as given when creating or updating it.
public struct MerchantDraft: Hashable, Sendable {
    /// The display name (1–100 characters).
    public var name: String
    /// An IANA time zone.
    public var timeZone: String
    /// The availability grid in minutes (divides a day, 5–240).
    public var slotMinutes: Int
    /// The booking rules.
    public var rules: BookingRules
    /// The street address (at most 200 characters, no control characters; empty for none).
    public var address: String
    /// The currency of prices; nil on creation means the time zone's (``Currency/byTimeZone(_:)``).
    public var currency: Currency?

    /// Creates a draft with the defaults of a new salon.
    public init(
        name: String,
        timeZone: String = Merchant.defaultTimeZone,
        slotMinutes: Int = 15,
        rules: BookingRules = BookingRules(),
        address: String = "",
        currency: Currency? = nil
    ) {
        self.name = name
        self.timeZone = timeZone
        self.slotMinutes = slotMinutes
        self.rules = rules
        self.address = address
        self.currency = currency
    }

    /// The draft that describes an existing merchant.
    public init(_ merchant: Merchant) {
        self.init(
            name: merchant.name,
            timeZone: merchant.zone.identifier,
            slotMinutes: merchant.slotMinutes,
            rules: merchant.rules,
            address: merchant.address,
            currency: merchant.currency
        )
    }
}

/// A staff member's editable fields.
public struct StaffDraft: Hashable, Sendable {
    /// The display name (1–100 characters).
    public var name: String
    /// Whether they take bookings.
    public var isActive: Bool
    /// Weekly windows; windows of one day must not overlap.
    public var workingHours: [WorkingWindow]
    /// The services they do; nil means all.
    public var serviceIDs: Set<ServiceID>?

    /// Creates a draft.
    public init(
        name: String,
        isActive: Bool = true,
        workingHours: [WorkingWindow],
        serviceIDs: Set<ServiceID>? = nil
    ) {
        self.name = name
        self.isActive = isActive
        self.workingHours = workingHours
        self.serviceIDs = serviceIDs
    }

    /// The draft that describes an existing staff member.
    public init(_ staff: Staff) {
        self.init(
            name: staff.name,
            isActive: staff.isActive,
            workingHours: staff.workingHours,
            serviceIDs: staff.serviceIDs
        )
    }
}

/// A service's editable fields.
public struct ServiceDraft: Hashable, Sendable {
    /// The display name (1–100 characters).
    public var name: String
    /// 5–600 minutes.
    public var durationMinutes: Int
    /// 0–240 minutes.
    public var bufferBeforeMinutes: Int
    /// 0–240 minutes.
    public var bufferAfterMinutes: Int
    /// Integer units of the merchant's currency, not negative.
    public var price: Int
    /// Whether it can be booked.
    public var isActive: Bool
    /// Who may do it; nil means everyone.
    public var staffIDs: Set<StaffID>?
    /// The shared resources it uses, each at most once.
    public var resourceNeeds: [ResourceNeed]

    /// Creates a draft.
    public init(
        name: String,
        durationMinutes: Int,
        bufferBeforeMinutes: Int = 0,
        bufferAfterMinutes: Int = 0,
        price: Int = 0,
        isActive: Bool = true,
        staffIDs: Set<StaffID>? = nil,
        resourceNeeds: [ResourceNeed] = []
    ) {
        self.name = name
        self.durationMinutes = durationMinutes
        self.bufferBeforeMinutes = bufferBeforeMinutes
        self.bufferAfterMinutes = bufferAfterMinutes
        self.price = price
        self.isActive = isActive
        self.staffIDs = staffIDs
        self.resourceNeeds = resourceNeeds
    }

    /// The draft that describes an existing service.
    public init(_ service: Service) {
        self.init(
            name: service.name,
            durationMinutes: service.durationMinutes,
            bufferBeforeMinutes: service.bufferBeforeMinutes,
            bufferAfterMinutes: service.bufferAfterMinutes,
            price: service.price,
            isActive: service.isActive,
            staffIDs: service.staffIDs,
            resourceNeeds: service.resourceNeeds
        )
    }
}

/// A shared resource's editable fields.
public struct ResourceDraft: Hashable, Sendable {
    /// The display name (1–100 characters).
    public var name: String
    /// 0–100 users at once (0: out of service).
    public var capacity: Int

    /// Creates a draft.
    public init(name: String, capacity: Int) {
        self.name = name
        self.capacity = capacity
    }
}

/// A customer's editable fields.
public struct CustomerDraft: Hashable, Sendable {
    /// The display name (1–100 characters).
    public var displayName: String
    /// The LINE user id, unique per merchant.
    public var lineUserID: String?
    /// A phone number.
    public var phone: String?

    /// Creates a draft.
    public init(displayName: String, lineUserID: String? = nil, phone: String? = nil) {
        self.displayName = displayName
        self.lineUserID = lineUserID
        self.phone = phone
    }
}
