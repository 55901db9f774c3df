/// The booking rules a merchant sets for its customers.
public struct BookingRules: Hashable, Sendable {
    /// Minimum time between now and a booking's start, in minutes.
    public var minNoticeMinutes: Int
    /// How many days ahead (in the merchant's calendar) bookings may be made.
    public var maxDaysAhead: Int
    /// How long a hold keeps a slot, in minutes.
    public var holdMinutes: Int
    /// How long before the start a customer may still cancel, in minutes; nil means any time.
    public var cancelDeadlineMinutes: Int?
    /// What happens to customers who miss bookings; nil: nothing.
    public var noShowPolicy: NoShowPolicy?

    /// Creates rules; the defaults are those of a typical salon.
    public init(
        minNoticeMinutes: Int = 0,
        maxDaysAhead: Int = 60,
        holdMinutes: Int = 10,
        cancelDeadlineMinutes: Int? = nil,
        noShowPolicy: NoShowPolicy? = nil
    ) {
        self.minNoticeMinutes = minNoticeMinutes
        self.maxDaysAhead = maxDaysAhead
        self.holdMinutes = holdMinutes
        self.cancelDeadlineMinutes = cancelDeadlineMinutes
        self.noShowPolicy = noShowPolicy
    }
}

/// A salon: its own LINE Official Account, staff, services and customers.
public struct Merchant: Hashable, Sendable {
    /// The identifier.
    public var id: MerchantID
    /// The display name.
    public var name: String
    /// The IANA time zone in which the salon's calendar runs.
    public var zone: ZoneRules
    /// The grid on which availability offers start times, in minutes.
    public var slotMinutes: Int
    /// The booking rules.
    public var rules: BookingRules
    /// The street address shown to customers (free text, empty when not given).
    public var address: String
    /// The currency of the salon's prices.
    public var currency: Currency
    /// Whether the platform suspended the salon: it takes no new bookings, its LINE pushes wait, its pages say so,
    /// nothing is deleted.
    public var suspended = false
    /// When the merchant was created.
    public var createdAt: Instant

    /// Creates a merchant; without a currency, the one of its time zone (``Currency/byTimeZone(_:)``).
    public init(
        id: MerchantID,
        name: String,
        zone: ZoneRules,
        slotMinutes: Int = 15,
        rules: BookingRules = BookingRules(),
        address: String = "",
        currency: Currency? = nil,
        createdAt: Instant
    ) {
        self.id = id
        self.name = name
        self.zone = zone
        self.slotMinutes = slotMinutes
        self.rules = rules
        self.address = address
        self.currency = currency ?? Currency.byTimeZone(zone.identifier)
        self.createdAt = createdAt
    }

    /// The default time zone of a new merchant.
    public static let defaultTimeZone = "Asia/Taipei"
}
