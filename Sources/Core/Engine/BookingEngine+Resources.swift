extension BookingEngine {
    /// Defines a shared resource (pedicure chairs, UV lamps, a private room) with its capacity.
    public func createResource(merchantID: MerchantID, _ draft: ResourceDraft, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Resource, Rejection>
    {
        let rejection = store.read { state -> Rejection? in
            guard state.catalog.merchants[merchantID] != nil else { return .notFound("merchant") }
            guard state.catalog.resources(of: merchantID).count < Resource.perMerchantMax else {
                return .invalid("name", "a salon defines at most \(Resource.perMerchantMax) resources")
            }
            return CatalogValidation.resource(draft)
        }
        if let rejection { return .failure(rejection) }
        let resource = Resource(
            id: ResourceID(ids.next()), merchantID: merchantID, name: draft.name, capacity: draft.capacity)
        return try await committing(resource, .resourceCreated(resource))
    }

    /// Renames a resource or changes its capacity. A lower capacity applies to what is booked from now on: the
    /// bookings already made keep their uses.
    public func updateResource(
        _ id: ResourceID, merchantID: MerchantID, _ draft: ResourceDraft, _ context: CommandContext
    ) async throws(DurabilityError) -> Result<Resource, Rejection> {
        let rejection = store.read { state -> Rejection? in
            guard state.catalog.resources[id]?.merchantID == merchantID else { return .notFound("resource") }
            return CatalogValidation.resource(draft)
        }
        if let rejection { return .failure(rejection) }
        let resource = Resource(id: id, merchantID: merchantID, name: draft.name, capacity: draft.capacity)
        return try await committing(resource, .resourceUpdated(resource))
    }
}
