extension BookingEngine {
    /// Adds a customer; a LINE user id may belong to only one customer of a merchant.
    public func createCustomer(merchantID: MerchantID, _ draft: CustomerDraft, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Customer, Rejection>
    {
        let customer = Customer(
            id: CustomerID(ids.next()),
            merchantID: merchantID,
            displayName: draft.displayName,
            lineUserID: draft.lineUserID,
            phone: draft.phone,
            createdAt: context.now
        )
        return try await saveCustomer(customer, previous: nil, event: .customerCreated(customer))
    }

    /// Replaces a customer's editable fields.
    public func updateCustomer(
        _ id: CustomerID,
        merchantID: MerchantID,
        _ draft: CustomerDraft,
        _ context: CommandContext
    ) async throws(DurabilityError) -> Result<Customer, Rejection> {
        guard let previous = store.read({ $0.catalog.customers[id] }), previous.merchantID == merchantID else {
            return .failure(.notFound("customer"))
        }
        guard previous.erasedAt == nil else { return .failure(Self.erased) }
        var customer = previous
        customer.displayName = draft.displayName
        customer.lineUserID = draft.lineUserID
        customer.phone = draft.phone
        return try await saveCustomer(customer, previous: previous, event: .customerUpdated(customer))
    }

    /// Erases a customer's personal data on request (name, LINE user id, phone, the salon's note, and the free
    /// texts of their bookings); the bookings themselves stay for the salon's figures. Erasing twice changes nothing.
    public func eraseCustomer(_ id: CustomerID, merchantID: MerchantID, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Customer, Rejection>
    {
        guard let customer = store.read({ $0.catalog.customers[id] }), customer.merchantID == merchantID else {
            return .failure(.notFound("customer"))
        }
        guard customer.erasedAt == nil else { return .success(customer) }
        // Not while an archive run writes this customer's closed bookings into a file (the file and every node's
        // copy of it must hold the texts as they are at the archive's record).
        guard customerClaims.withLock({ $0.insert(id).inserted }) else {
            return .failure(
                Rejection(.concurrentModification, "the customer's bookings are being archived; try again shortly"))
        }
        defer { _ = customerClaims.withLock { $0.remove(id) } }
        _ = try await commit(.customerErased(id, at: context.now, origin: context.origin))
        guard let erased = store.read({ $0.catalog.customers[id] }) else {
            preconditionFailure("erased customer \(id) vanished")
        }
        precondition(erased.erasedAt != nil && erased.lineUserID == nil, "erasure not applied")
        return .success(erased)
    }

    /// The answer to a change that would give an erased customer personal data again.
    static let erased = Rejection.invalid("customer", "the customer was erased")

    private func saveCustomer(_ customer: Customer, previous: Customer?, event: EngineEvent)
        async throws(DurabilityError) -> Result<Customer, Rejection>
    {
        let merchantID = customer.merchantID
        guard store.read({ $0.catalog.merchants[merchantID] }) != nil else { return .failure(.notFound("merchant")) }
        if let rejection = CatalogValidation.customer(CustomerDraft(customer)) { return .failure(rejection) }
        guard let lineUserID = customer.lineUserID, lineUserID != previous?.lineUserID else {
            return try await committing(customer, event)
        }
        // Claim the LINE user id before checking, so two concurrent creations cannot both pass.
        let key = LineUserKey(merchantID: merchantID, lineUserID: lineUserID)
        guard pendingLineUsers.withLock({ $0.insert(key).inserted }) else { return .failure(Self.lineUserTaken) }
        defer { _ = pendingLineUsers.withLock { $0.remove(key) } }
        if store.read({ $0.catalog.customer(merchantID: merchantID, lineUserID: lineUserID) }) != nil {
            return .failure(Self.lineUserTaken)
        }
        return try await committing(customer, event)
    }

    static let lineUserTaken = Rejection(
        .duplicate,
        "another customer of this merchant has this LINE user id",
        field: "lineUserId"
    )
}

extension CustomerDraft {
    init(_ customer: Customer) {
        self.init(displayName: customer.displayName, lineUserID: customer.lineUserID, phone: customer.phone)
    }
}
