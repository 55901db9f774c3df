/// A customer of one merchant, usually known by their LINE user id.
public struct Customer: Hashable, Sendable {
    /// The identifier.
    public var id: CustomerID
    /// The merchant whose customer this is.
    public var merchantID: MerchantID
    /// The display name (from LINE's profile, or typed by staff).
    public var displayName: String
    /// The LINE user id; unique per merchant.
    public var lineUserID: String?
    /// A phone number, free text.
    public var phone: String?
    /// When the customer was created.
    public var createdAt: Instant
    /// The salon's private note about the customer (never shown to them).
    public var note = ""
    /// Whether the salon blocked the customer from booking online (staff still book them).
    public var blockedFromOnlineBooking = false
    /// When the customer's personal data was erased on request (nil: never).
    public var erasedAt: Instant?
    /// When the salon last cleared the customer's no-show record: earlier no-shows and late cancellations no
    /// longer count under its ``NoShowPolicy``.
    public var strikesClearedAt: Instant?

    /// Creates a customer.
    public init(
        id: CustomerID,
        merchantID: MerchantID,
        displayName: String,
        lineUserID: String? = nil,
        phone: String? = nil,
        createdAt: Instant
    ) {
        self.id = id
        self.merchantID = merchantID
        self.displayName = displayName
        self.lineUserID = lineUserID
        self.phone = phone
        self.createdAt = createdAt
    }

    /// The display name an erased customer is shown by.
    public static let erasedDisplayName = "(erased)"

    /// Whether the customer may book on the customer-facing pages: not blocked by the salon and not erased.
    public var mayBookOnline: Bool { !blockedFromOnlineBooking && erasedAt == nil }

    /// The customer with their personal data replaced (name, LINE user id, phone, note); the id, merchant, creation
    /// time and the salon's block stay.
    public func erased(at instant: Instant) -> Customer {
        var erased = self
        erased.displayName = Self.erasedDisplayName
        erased.lineUserID = nil
        erased.phone = nil
        erased.note = ""
        erased.erasedAt = instant
        return erased
    }
}
