/// The idempotency rules of a keyed creation, all in one place: which keys are valid, when a request replays an
/// earlier outcome (the in-memory outcomes, then the durable ones in the ledger), when it conflicts, and what is
/// remembered afterwards (an outcome; nothing after a durability failure, so that a retry runs again).
extension IdempotencyCache {
    /// Runs `create` under the rules for `key` (nil: no key, no rules), with the record the creation must log.
    func perform(
        key: String?,
        merchantID: MerchantID,
        fingerprint: @autoclosure () -> UInt64,
        now: Instant,
        store: StateStore,
        _ create: (IdempotencyRecord?) async throws(DurabilityError) -> Result<Booking, Rejection>
    ) async throws(DurabilityError) -> Result<Booking, Rejection> {
        guard let key else { return try await create(nil) }
        guard !key.isEmpty, key.utf8.count <= IdempotencyKey.maxLength else {
            return .failure(.invalid("Idempotency-Key", "the key must be 1 to 255 bytes"))
        }
        let scoped = IdempotencyKey(merchantID: merchantID, key: key)
        let decision = begin(scoped, fingerprint: fingerprint(), now: now) { key in
            store.read { $0.ledger.idempotency[key] }
        }
        switch decision {
        case .refuse(let rejection), .replayRejected(let rejection):
            return .failure(rejection)
        case .replayCreated(let id):
            guard let booking = store.read({ $0.ledger.bookings[id] }) else { return .failure(.notFound("booking")) }
            return .success(booking)
        case .proceed(let record):
            precondition(record.key == scoped && now < record.expiresAt, "a record for another key, or expired")
            do {
                let outcome = try await create(record)
                finish(record, with: outcome)
                return outcome
            } catch {
                abandon(record)
                throw error
            }
        }
    }
}
