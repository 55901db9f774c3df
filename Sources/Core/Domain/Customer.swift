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
}
