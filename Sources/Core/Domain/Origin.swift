/// Who made a change: a customer, a merchant (by API key), a platform admin (by the admin token), a signed-in
/// user (a salon's owner, manager or staff, or a platform operator), or the system itself.
public struct Author: Hashable, Sendable {
    /// The kinds of author.
    public enum Kind: UInt8, Sendable, CaseIterable {
        case customer = 1
        case merchant = 2
        case admin = 3
        case system = 4
        case user = 5

        /// The stable name used in history and APIs.
        public var name: String {
            switch self {
            case .customer: return "customer"
            case .merchant: return "merchant"
            case .admin: return "admin"
            case .system: return "system"
            case .user: return "user"
            }
        }
    }

    /// What kind of author this is.
    public var kind: Kind
    /// The customer, API key or user id behind the author; 0 for admin and system.
    public var id: UInt64

    /// Creates an author.
    public init(kind: Kind, id: UInt64 = 0) {
        self.kind = kind
        self.id = id
    }

    /// The system itself (sweeps, reminders).
    public static let system = Author(kind: .system)
    /// A platform admin.
    public static let admin = Author(kind: .admin)
    /// A customer.
    public static func customer(_ id: CustomerID) -> Author { Author(kind: .customer, id: id.rawValue) }
    /// A signed-in user.
    public static func user(_ id: UserID) -> Author { Author(kind: .user, id: id.rawValue) }
}

/// The way a change reached us.
public enum Channel: UInt8, Sendable, CaseIterable {
    /// LINE: webhook events, LIFF pages.
    case line = 1
    /// The HTTP API.
    case api = 2
    /// The salon back-office (`/office/`).
    case backOffice = 3
    /// Done by the system (sweeps, schedules).
    case system = 4
    /// The customer's booking pages (LIFF inside LINE, or the same pages in a browser).
    case liff = 5
    /// The platform admin console (`/admin/`).
    case adminConsole = 6

    /// The stable name used in history and APIs.
    public var name: String {
        switch self {
        case .line: return "line"
        case .api: return "api"
        case .backOffice: return "office"
        case .system: return "system"
        case .liff: return "liff"
        case .adminConsole: return "admin"
        }
    }
}

/// Who made a change and through which channel: recorded in every booking event (the audit trail).
public struct Origin: Hashable, Sendable {
    /// Who.
    public var author: Author
    /// Through which channel.
    public var channel: Channel

    /// Creates an origin.
    public init(author: Author, channel: Channel) {
        self.author = author
        self.channel = channel
    }

    /// The system, acting on its own.
    public static let system = Origin(author: .system, channel: .system)
}
