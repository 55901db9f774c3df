extension BookingEngine {
    /// Records a new API key for a merchant, given the digest of its secret (the secret never reaches the engine).
    public func issueApiKey(merchantID: MerchantID, digest: [UInt8], _ context: CommandContext)
        async throws(DurabilityError) -> Result<ApiKey, Rejection>
    {
        guard digest.count == ApiKey.digestLength else { return .failure(.invalid("digest", "not a SHA-256 digest")) }
        guard merchant(merchantID) != nil else { return .failure(.notFound("merchant")) }
        let key = ApiKey(id: ApiKeyID(ids.next()), merchantID: merchantID, digest: digest, createdAt: context.now)
        return try await committing(key, .apiKeyIssued(key))
    }

    /// Revokes a merchant's API key; requests carrying it are refused from then on.
    public func revokeApiKey(_ id: ApiKeyID, merchantID: MerchantID, _ context: CommandContext)
        async throws(DurabilityError) -> Result<Void, Rejection>
    {
        guard revokingKeys.withLock({ $0.insert(id).inserted }) else {
            return .failure(Rejection(.concurrentModification, "the key is being revoked by another request"))
        }
        defer { _ = revokingKeys.withLock { $0.remove(id) } }
        guard store.read({ $0.keyRing.keys[id]?.merchantID }) == merchantID else {
            return .failure(.notFound("API key"))
        }
        return try await committing((), .apiKeyRevoked(id, at: context.now))
    }

    /// The live API key whose secret has this digest.
    public func apiKey(digest: [UInt8]) -> ApiKey? { store.read { $0.keyRing.key(digest: digest) } }
}
