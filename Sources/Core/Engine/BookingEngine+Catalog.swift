extension BookingEngine {
    /// Creates a merchant.
    public func createMerchant(_ draft: MerchantDraft, _ context: CommandContext) async throws(DurabilityError)
        -> Result<Merchant, Rejection>
    {
        let zone: ZoneRules
        switch CatalogValidation.merchant(draft) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let rules): zone = rules
        }
        let merchant = Merchant(
            id: MerchantID(ids.next()),
            name: draft.name,
            zone: zone,
            slotMinutes: draft.slotMinutes,
            rules: draft.rules,
            address: draft.address,
            currency: draft.currency,
            createdAt: context.now
        )
        return try await committing(merchant, .merchantCreated(merchant))
    }

    /// Replaces a merchant's settings.
    public func updateMerchant(_ id: MerchantID, _ draft: MerchantDraft, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Merchant, Rejection>
    {
        guard var merchant = store.read({ $0.catalog.merchants[id] }) else { return .failure(.notFound("merchant")) }
        switch CatalogValidation.merchant(draft) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let zone): merchant.zone = zone
        }
        merchant.name = draft.name
        merchant.slotMinutes = draft.slotMinutes
        merchant.rules = draft.rules
        merchant.address = draft.address
        if let currency = draft.currency { merchant.currency = currency }
        return try await committing(merchant, .merchantUpdated(merchant))
    }

    /// Adds a staff member to a merchant.
    public func createStaff(merchantID: MerchantID, _ draft: StaffDraft, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Staff, Rejection>
    {
        let rejection = store.read { state -> Rejection? in
            guard state.catalog.merchants[merchantID] != nil else { return .notFound("merchant") }
            return CatalogValidation.staff(draft, merchantID: merchantID, catalog: state.catalog)
        }
        if let rejection { return .failure(rejection) }
        let staff = Staff(
            id: StaffID(ids.next()),
            merchantID: merchantID,
            name: draft.name,
            isActive: draft.isActive,
            workingHours: Self.normalized(draft.workingHours),
            serviceIDs: draft.serviceIDs
        )
        return try await committing(staff, .staffCreated(staff))
    }

    /// Replaces a staff member's editable fields (time off is kept).
    public func updateStaff(_ id: StaffID, merchantID: MerchantID, _ draft: StaffDraft, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Staff, Rejection>
    {
        let checked = store.read { state -> Result<Staff, Rejection> in
            guard let staff = state.catalog.staff[id], staff.merchantID == merchantID else {
                return .failure(.notFound("staff"))
            }
            if let rejection = CatalogValidation.staff(draft, merchantID: merchantID, catalog: state.catalog) {
                return .failure(rejection)
            }
            return .success(staff)
        }
        guard case .success(var staff) = checked else { return checked }
        staff.name = draft.name
        staff.isActive = draft.isActive
        staff.workingHours = Self.normalized(draft.workingHours)
        staff.serviceIDs = draft.serviceIDs
        return try await committing(staff, .staffUpdated(staff))
    }

    /// Adds a time-off range to a staff member. Existing bookings in it stay (the salon decides what to do).
    public func addTimeOff(
        staffID: StaffID,
        merchantID: MerchantID,
        startsAt: Instant,
        endsAt: Instant,
        reason: String,
        _ context: CommandContext
    ) async throws(DurabilityError) -> Result<TimeOff, Rejection> {
        guard store.read({ $0.catalog.staff[staffID]?.merchantID }) == merchantID else {
            return .failure(.notFound("staff"))
        }
        if let rejection = CatalogValidation.timeOff(startsAt: startsAt, endsAt: endsAt, reason: reason) {
            return .failure(rejection)
        }
        let timeOff = TimeOff(id: TimeOffID(ids.next()), startsAt: startsAt, endsAt: endsAt, reason: reason)
        return try await committing(timeOff, .timeOffAdded(staffID, timeOff))
    }

    /// Removes a time-off range.
    public func removeTimeOff(
        _ id: TimeOffID,
        staffID: StaffID,
        merchantID: MerchantID,
        _ context: CommandContext
    ) async throws(DurabilityError) -> Result<Void, Rejection> {
        let exists = store.read { state in
            state.catalog.staff[staffID].map { $0.merchantID == merchantID && $0.timeOff.contains { $0.id == id } }
        }
        guard exists == true else { return .failure(.notFound("time off")) }
        return try await committing((), .timeOffRemoved(staffID, id))
    }

    /// Adds a service to a merchant's menu.
    public func createService(merchantID: MerchantID, _ draft: ServiceDraft, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Service, Rejection>
    {
        let rejection = store.read { state -> Rejection? in
            guard state.catalog.merchants[merchantID] != nil else { return .notFound("merchant") }
            return CatalogValidation.service(draft, merchantID: merchantID, catalog: state.catalog)
        }
        if let rejection { return .failure(rejection) }
        let service = Service(id: ServiceID(ids.next()), merchantID: merchantID, draft)
        return try await committing(service, .serviceCreated(service))
    }

    /// Replaces a service's editable fields; existing bookings keep the duration and buffers they were made with.
    public func updateService(_ id: ServiceID, merchantID: MerchantID, _ draft: ServiceDraft, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Service, Rejection>
    {
        let rejection = store.read { state -> Rejection? in
            guard state.catalog.services[id]?.merchantID == merchantID else { return .notFound("service") }
            return CatalogValidation.service(draft, merchantID: merchantID, catalog: state.catalog)
        }
        if let rejection { return .failure(rejection) }
        let service = Service(id: id, merchantID: merchantID, draft)
        return try await committing(service, .serviceUpdated(service))
    }

    func committing<Value>(_ value: Value, _ event: EngineEvent) async throws(DurabilityError)
        -> Result<Value, Rejection>
    {
        _ = try await commit(event)
        return .success(value)
    }

    /// Working windows sorted by weekday and start, so equal hours always store (and digest) the same.
    static func normalized(_ windows: [WorkingWindow]) -> [WorkingWindow] {
        windows.sorted {
            ($0.weekday, $0.start.minutes, $0.end.minutes) < ($1.weekday, $1.start.minutes, $1.end.minutes)
        }
    }
}

extension Service {
    init(id: ServiceID, merchantID: MerchantID, _ draft: ServiceDraft) {
        self.init(
            id: id,
            merchantID: merchantID,
            name: draft.name,
            durationMinutes: draft.durationMinutes,
            bufferBeforeMinutes: draft.bufferBeforeMinutes,
            bufferAfterMinutes: draft.bufferAfterMinutes,
            price: draft.price,
            isActive: draft.isActive,
            staffIDs: draft.staffIDs,
            resourceNeeds: draft.resourceNeeds
        )
    }
}

extension BookingEngine {
    /// The answer to a booking or hold at a suspended salon.
    static let suspended = Rejection(.merchantSuspended, "the salon is suspended and takes no new bookings")
    /// The answer to a blocked customer booking online.
    static let blocked = Rejection(.customerBlocked, "the salon takes this customer's bookings in person only")

    /// Suspends a salon (no new bookings or holds, LINE pushes wait, its pages say so) or resumes it; nothing is
    /// deleted either way.
    public func setSuspended(_ id: MerchantID, _ suspended: Bool, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Merchant, Rejection>
    {
        guard var merchant = store.read({ $0.catalog.merchants[id] }) else { return .failure(.notFound("merchant")) }
        guard merchant.suspended != suspended else { return .success(merchant) }
        merchant.suspended = suspended
        return try await committing(merchant, .merchantUpdated(merchant))
    }

    /// Sets the salon's private note about a customer and whether they may book online.
    public func updateCustomerRecord(
        _ id: CustomerID, merchantID: MerchantID, note: String, blockedFromOnlineBooking: Bool,
        _ context: CommandContext
    ) async throws(DurabilityError) -> Result<Customer, Rejection> {
        guard var customer = store.read({ $0.catalog.customers[id] }), customer.merchantID == merchantID else {
            return .failure(.notFound("customer"))
        }
        guard customer.erasedAt == nil else { return .failure(Self.erased) }
        guard note.count <= NewBooking.noteLengthMax else {
            return .failure(.invalid("note", "the note is longer than \(NewBooking.noteLengthMax) characters"))
        }
        customer.note = note
        customer.blockedFromOnlineBooking = blockedFromOnlineBooking
        return try await committing(customer, .customerUpdated(customer))
    }
}
