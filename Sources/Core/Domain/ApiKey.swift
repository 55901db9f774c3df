/// Marker for API key identifiers ("key_…").
public enum ApiKeyKind: IdentifierKind { public static let prefix = "key" }
/// Identifies a merchant API key.
public typealias ApiKeyID = Identifier<ApiKeyKind>

/// A merchant API key: only the SHA-256 digest of its secret is kept, never the secret itself.
public struct ApiKey: Hashable, Sendable {
    /// The identifier (shown to the merchant; used to revoke the key).
    public var id: ApiKeyID
    /// The merchant the key acts for.
    public var merchantID: MerchantID
    /// The SHA-256 digest of the secret (32 bytes).
    public var digest: [UInt8]
    /// When the key was issued.
    public var createdAt: Instant

    /// Creates a key record.
    public init(id: ApiKeyID, merchantID: MerchantID, digest: [UInt8], createdAt: Instant) {
        precondition(digest.count == ApiKey.digestLength, "API key digests are SHA-256")
        self.id = id
        self.merchantID = merchantID
        self.digest = digest
        self.createdAt = createdAt
    }

    /// The length of a digest in bytes.
    public static let digestLength = 32
}

/// The API keys of every merchant, by id and by digest.
public struct KeyRing: Sendable {
    /// Every live key by id.
    public private(set) var keys: [ApiKeyID: ApiKey] = [:]
    private var byDigest: [[UInt8]: ApiKeyID] = [:]

    /// Creates an empty key ring.
    public init() {}

    /// The live key with this digest.
    public func key(digest: [UInt8]) -> ApiKey? { byDigest[digest].flatMap { keys[$0] } }

    mutating func apply(_ event: EngineEvent) throws(InconsistentEvent) -> Bool {
        switch event {
        case .apiKeyIssued(let key):
            try InconsistentEvent.require(keys[key.id] == nil && byDigest[key.digest] == nil, "key exists", event)
            keys[key.id] = key
            byDigest[key.digest] = key.id
        case .apiKeyRevoked(let id, _):
            guard let key = keys.removeValue(forKey: id) else { throw InconsistentEvent("no such key", event) }
            byDigest[key.digest] = nil
        default:
            return false
        }
        return true
    }
}
