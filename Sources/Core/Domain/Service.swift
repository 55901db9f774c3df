/// An item on a merchant's menu: how long it takes and what it blocks around it.
public struct Service: Hashable, Sendable {
    /// The identifier.
    public var id: ServiceID
    /// The merchant offering it.
    public var merchantID: MerchantID
    /// The display name.
    public var name: String
    /// How long the service itself takes.
    public var durationMinutes: Int
    /// Preparation time blocked before the start.
    public var bufferBeforeMinutes: Int
    /// Cleanup time blocked after the end.
    public var bufferAfterMinutes: Int
    /// The price in the merchant's currency (integer units).
    public var price: Int
    /// Whether customers can book it.
    public var isActive: Bool
    /// The staff who may perform it; nil means every staff member.
    public var staffIDs: Set<StaffID>?
    /// The resources it uses while it runs (a pedicure chair, a UV lamp), in the order the salon listed them.
    public var resourceNeeds: [ResourceNeed]

    /// Creates a service.
    public init(
        id: ServiceID,
        merchantID: MerchantID,
        name: String,
        durationMinutes: Int,
        bufferBeforeMinutes: Int = 0,
        bufferAfterMinutes: Int = 0,
        price: Int = 0,
        isActive: Bool = true,
        staffIDs: Set<StaffID>? = nil,
        resourceNeeds: [ResourceNeed] = []
    ) {
        self.id = id
        self.merchantID = merchantID
        self.name = name
        self.durationMinutes = durationMinutes
        self.bufferBeforeMinutes = bufferBeforeMinutes
        self.bufferAfterMinutes = bufferAfterMinutes
        self.price = price
        self.isActive = isActive
        self.staffIDs = staffIDs
        self.resourceNeeds = resourceNeeds
    }

    /// Allowed durations, in minutes.
    public static let durationRange = 5...600
    /// Allowed buffers, in minutes.
    public static let bufferRange = 0...240
}

extension Staff {
    /// Whether this staff member may perform `service` (both sides must allow it).
    public func canPerform(_ service: Service) -> Bool {
        isActive && service.isActive && (serviceIDs?.contains(service.id) ?? true)
            && (service.staffIDs?.contains(id) ?? true)
    }
}
