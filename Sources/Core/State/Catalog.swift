/// Merchants, staff, services and customers: everything a booking refers to.
public struct Catalog: Sendable {
    /// Every merchant by id.
    public private(set) var merchants: [MerchantID: Merchant] = [:]
    /// Every staff member by id.
    public private(set) var staff: [StaffID: Staff] = [:]
    /// Every service by id.
    public private(set) var services: [ServiceID: Service] = [:]
    /// Every customer by id.
    public private(set) var customers: [CustomerID: Customer] = [:]
    /// Every shared resource by id.
    public private(set) var resources: [ResourceID: Resource] = [:]
    /// Each merchant's staff, services and customers in creation order.
    private(set) var members: [MerchantID: MerchantMembers] = [:]
    /// Customers by merchant and LINE user id (unique per merchant).
    private(set) var customersByLineUser: [LineUserKey: CustomerID] = [:]

    /// Creates an empty catalog.
    public init() {}

    /// A catalog rebuilt from a snapshot's parts (the caller derives the LINE user index from the customers).
    init(
        merchants: [MerchantID: Merchant],
        staff: [StaffID: Staff],
        services: [ServiceID: Service],
        customers: [CustomerID: Customer],
        members: [MerchantID: MerchantMembers],
        customersByLineUser: [LineUserKey: CustomerID]
    ) {
        self.merchants = merchants
        self.staff = staff
        self.services = services
        self.customers = customers
        self.members = members
        self.customersByLineUser = customersByLineUser
    }

    /// The staff of a merchant, in creation order.
    public func staff(of merchantID: MerchantID) -> [Staff] {
        (members[merchantID]?.staff ?? []).compactMap { staff[$0] }
    }

    /// The services of a merchant, in creation order.
    public func services(of merchantID: MerchantID) -> [Service] {
        (members[merchantID]?.services ?? []).compactMap { services[$0] }
    }

    /// The resources of a merchant, in creation order.
    public func resources(of merchantID: MerchantID) -> [Resource] {
        (members[merchantID]?.resources ?? []).compactMap { resources[$0] }
    }

    /// The customers of a merchant, in creation order.
    public func customers(of merchantID: MerchantID) -> [Customer] {
        (members[merchantID]?.customers ?? []).compactMap { customers[$0] }
    }

    /// The customer with this LINE user id at this merchant.
    public func customer(merchantID: MerchantID, lineUserID: String) -> Customer? {
        customersByLineUser[LineUserKey(merchantID: merchantID, lineUserID: lineUserID)].flatMap { customers[$0] }
    }

    /// Applies a catalog event; returns false for events that are not about the catalog.
    mutating func apply(_ event: EngineEvent) throws(InconsistentEvent) -> Bool {
        switch event {
        case .merchantCreated(let merchant):
            try InconsistentEvent.require(merchants[merchant.id] == nil, "merchant exists", event)
            merchants[merchant.id] = merchant
        case .merchantUpdated(let merchant):
            try InconsistentEvent.require(merchants[merchant.id] != nil, "no such merchant", event)
            merchants[merchant.id] = merchant
        case .staffCreated(let member):
            try InconsistentEvent.require(staff[member.id] == nil, "staff exists", event)
            try InconsistentEvent.require(merchants[member.merchantID] != nil, "no such merchant", event)
            staff[member.id] = member
            members[member.merchantID, default: MerchantMembers()].staff.append(member.id)
        case .staffUpdated(let member):
            guard let old = staff[member.id] else { throw InconsistentEvent("no such staff", event) }
            var updated = member
            updated.timeOff = old.timeOff  // time off has its own events, so a concurrent add is never lost
            staff[member.id] = updated
        case .timeOffAdded(let staffID, let timeOff):
            try InconsistentEvent.require(staff[staffID] != nil, "no such staff", event)
            staff[staffID]!.timeOff.append(timeOff)
            staff[staffID]!.timeOff.sort { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }
        case .timeOffRemoved(let staffID, let timeOffID):
            try InconsistentEvent.require(staff[staffID] != nil, "no such staff", event)
            staff[staffID]!.timeOff.removeAll { $0.id == timeOffID }
        default:
            return try applyServiceOrCustomer(event)
        }
        return true
    }

    private mutating func applyServiceOrCustomer(_ event: EngineEvent) throws(InconsistentEvent) -> Bool {
        switch event {
        case .serviceCreated(let service):
            try InconsistentEvent.require(services[service.id] == nil, "service exists", event)
            try InconsistentEvent.require(merchants[service.merchantID] != nil, "no such merchant", event)
            services[service.id] = service
            members[service.merchantID, default: MerchantMembers()].services.append(service.id)
        case .serviceUpdated(let service):
            try InconsistentEvent.require(services[service.id] != nil, "no such service", event)
            services[service.id] = service
        case .customerCreated(let customer):
            try InconsistentEvent.require(customers[customer.id] == nil, "customer exists", event)
            try InconsistentEvent.require(merchants[customer.merchantID] != nil, "no such merchant", event)
            customers[customer.id] = customer
            members[customer.merchantID, default: MerchantMembers()].customers.append(customer.id)
            indexLineUser(of: customer, previous: nil)
        case .customerUpdated(let customer):
            guard let old = customers[customer.id] else { throw InconsistentEvent("no such customer", event) }
            // An update that raced an erasure brings no personal data back: only the salon's block can change.
            let kept = old.erasedAt.map { customer.erased(at: $0) } ?? customer
            customers[customer.id] = kept
            indexLineUser(of: kept, previous: old)
        case .customerErased(let id, let at, _):
            guard let old = customers[id] else { throw InconsistentEvent("no such customer", event) }
            let erased = old.erasedAt == nil ? old.erased(at: at) : old
            customers[id] = erased
            indexLineUser(of: erased, previous: old)
            precondition(erased.lineUserID == nil && erased.phone == nil, "erased customer keeps personal data")
        default:
            return try applyResource(event)
        }
        return true
    }

    private mutating func applyResource(_ event: EngineEvent) throws(InconsistentEvent) -> Bool {
        switch event {
        case .resourceCreated(let resource):
            try InconsistentEvent.require(resources[resource.id] == nil, "resource exists", event)
            try InconsistentEvent.require(merchants[resource.merchantID] != nil, "no such merchant", event)
            resources[resource.id] = resource
            members[resource.merchantID, default: MerchantMembers()].resources.append(resource.id)
        case .resourceUpdated(let resource):
            try InconsistentEvent.require(
                resources[resource.id]?.merchantID == resource.merchantID, "no such resource", event)
            resources[resource.id] = resource
        default:
            return false
        }
        return true
    }

    private mutating func indexLineUser(of customer: Customer, previous: Customer?) {
        if let old = previous?.lineUserID {
            customersByLineUser[LineUserKey(merchantID: customer.merchantID, lineUserID: old)] = nil
        }
        if let lineUserID = customer.lineUserID {
            customersByLineUser[LineUserKey(merchantID: customer.merchantID, lineUserID: lineUserID)] = customer.id
        }
    }
}

/// The ids belonging to one merchant, in creation order.
struct MerchantMembers: Sendable {
    var staff: [StaffID] = []
    var services: [ServiceID] = []
    var customers: [CustomerID] = []
    var resources: [ResourceID] = []
}

/// A LINE user id within one merchant (LINE user ids differ per provider, so they are only unique per merchant).
struct LineUserKey: Hashable, Sendable {
    var merchantID: MerchantID
    var lineUserID: String
}

/// An event that cannot apply to the current state: a bug or a damaged log, never an expected outcome.
public struct InconsistentEvent: Error, CustomStringConvertible {
    /// What was wrong.
    public var reason: String
    /// The event, for diagnosis.
    public var event: EngineEvent

    /// Creates the error.
    public init(_ reason: String, _ event: EngineEvent) {
        self.reason = reason
        self.event = event
    }

    /// Throws unless `condition` holds.
    static func require(
        _ condition: Bool,
        _ reason: @autoclosure () -> String,
        _ event: @autoclosure () -> EngineEvent
    ) throws(InconsistentEvent) {
        if !condition { throw InconsistentEvent(reason(), event()) }
    }

    public var description: String { "inconsistent event (\(reason)): \(event)" }
}
