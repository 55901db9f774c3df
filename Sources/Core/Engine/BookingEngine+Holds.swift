extension BookingEngine {
    /// Holds a slot for the merchant's hold time while the customer confirms.
    public func createHold(_ request: NewHold, _ context: CommandContext) async throws(DurabilityError)
        -> Result<Hold, Rejection>
    {
        let id = HoldID(ids.next())
        let planned = store.read { state -> Result<Hold, Rejection> in
            let planned = HoldPlanner.plan(request, id: id, in: state, now: context.now)
            // A customer the salon's no-show policy stops cannot hold a slot either.
            if case .success = planned, context.origin.author.kind == .customer, let customerID = request.customerID,
                let refusal = Self.policyRefusal(
                    customerID, merchantID: request.merchantID, now: context.now, in: state)
            {
                return .failure(refusal)
            }
            return planned
        }
        let hold: Hold
        switch planned {
        case .failure(let rejection): return .failure(rejection)
        case .success(let made): hold = made
        }
        precondition(hold.id == id && hold.createdAt < hold.expiresAt, "a planned hold is already expired")
        let owner = ScheduleOwner.hold(id)
        if let refusal = await reserve(Claims(hold), for: owner, holdExpiry: hold.expiresAt, now: context.now) {
            return .failure(refusal.rejection())
        }
        do {
            _ = try await commit(.holdCreated(hold))
        } catch {
            await release(Claims(hold), of: owner)
            throw error
        }
        return .success(hold)
    }

    /// Releases a hold before it expires: logged first, then its time is freed.
    public func releaseHold(_ id: HoldID, merchantID: MerchantID, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Void, Rejection>
    {
        let owner = ScheduleOwner.hold(id)
        guard beginChange(owner) else {
            return .failure(Rejection(.concurrentModification, "the hold is being changed by another request"))
        }
        defer { endChange(owner) }
        guard let hold = store.read({ $0.ledger.holds[id] }), hold.merchantID == merchantID else {
            return .failure(.notFound("hold"))
        }
        _ = try await commit(.holdReleased(id, at: context.now, origin: context.origin))
        await release(Claims(hold), of: owner)
        return .success(())
    }

    /// How many holds, and how many idempotency keys, one sweep record carries at most: a sweep of many expired
    /// entries is logged as several records, each well inside a log frame.
    public static let sweepBatchMax = 1_000

    /// Sweeps holds and idempotency keys that expired by `now`, logging one record per batch of at most
    /// `sweepBatchMax` of each (nothing when nothing expired). Returns the number of holds swept. Only a leader
    /// calls it: its removals are log records, so followers and replay remove the same entries.
    @discardableResult
    public func sweepExpired(now: Instant) async throws(DurabilityError) -> Int {
        idempotency.sweep(now: now)
        var total = 0
        while true {
            let (holds, keys) = try await sweepBatch(now: now, limit: Self.sweepBatchMax)
            total += holds
            guard holds == Self.sweepBatchMax || keys == Self.sweepBatchMax else { return total }
        }
    }

    /// Sweeps at most `limit` expired holds and `limit` expired keys in one record; returns how many of each.
    private func sweepBatch(now: Instant, limit: Int) async throws(DurabilityError) -> (holds: Int, keys: Int) {
        precondition(limit > 0, "a sweep batch holds at least one entry")
        let (expiredHolds, expiredKeys) = store.read { state in
            (
                Array(state.ledger.holds.values.lazy.filter { !$0.isLive(at: now) }.prefix(limit)),
                Array(state.ledger.idempotency.lazy.filter { now >= $0.value.expiresAt }.map(\.key).prefix(limit))
            )
        }
        // Claim the holds so that no confirmation or release of them can be logged concurrently.
        let claimed = inFlight.withLock { inFlight in expiredHolds.filter { inFlight.insert(.hold($0.id)).inserted } }
        defer { inFlight.withLock { inFlight in for hold in claimed { inFlight.remove(.hold(hold.id)) } } }
        guard !claimed.isEmpty || !expiredKeys.isEmpty else { return (0, 0) }
        let ids = claimed.map(\.id).sorted()
        _ = try await commit(.expiredSwept(holds: ids, idempotencyKeys: expiredKeys, at: now))
        precondition(
            store.read { state in ids.allSatisfy { state.ledger.holds[$0] == nil } }, "a swept hold is still held")
        for hold in claimed { await release(Claims(hold), of: .hold(hold.id)) }
        // A claimed-elsewhere hold is left for the next sweep; report a full batch only when one was logged.
        return (expiredHolds.count == limit ? limit : claimed.count, expiredKeys.count)
    }
}
