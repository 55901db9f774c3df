import Core
import Hummingbird

/// Who is calling: the platform admin, or one merchant through one of its API keys.
public enum Principal: Sendable, Equatable {
    /// The admin token: may do everything.
    case admin
    /// A merchant API key: may act on its own merchant only.
    case merchant(MerchantID, keyID: ApiKeyID)
    /// A follower's replication token: may read the log stream and snapshots only.
    case replicator

    /// Whether this principal may act on `merchantID`.
    func mayAct(on merchantID: MerchantID) -> Bool {
        switch self {
        case .admin: return true
        case .merchant(let own, _): return own == merchantID
        case .replicator: return false
        }
    }

    /// The author recorded in the engine's history.
    var author: Author {
        switch self {
        case .admin, .replicator: return .admin
        case .merchant(_, let keyID): return Author(kind: .merchant, id: keyID.rawValue)
        }
    }
}

/// The per-request context: Hummingbird's core storage plus the authenticated principal.
public struct NailbookContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware on `/v1` routes.
    public var principal: Principal?
    /// The client's IP address (for sign-in limits); "unknown" when the channel has none.
    public var remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Request bodies larger than this are refused with 413 `payload_too_large`.
    public var maxUploadSize: Int { 64 * 1024 }
}
