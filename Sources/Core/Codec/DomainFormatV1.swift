/// How format version 1 writes the domain values that events and snapshots carry.
///
/// The layout of each value is frozen once logs exist: a later format that changes one adds a `DomainFormatV2`
/// beside this one, so older logs keep being read by this code. Enum cases are written as the explicit tags below,
/// never as declaration order or the domain's raw values, so reordering or renumbering a domain enum cannot change
/// the format.
///
/// Identifiers are varints of their raw value, instants zigzag varints of their seconds, integers zigzag varints,
/// buffers unsigned varints, fingerprints eight little-endian bytes, sets of identifiers ascending.
enum DomainFormatV1 {
    /// Tags of `Author.Kind`.
    enum AuthorTag {
        static let customer: UInt8 = 1
        static let merchant: UInt8 = 2
        static let admin: UInt8 = 3
        static let system: UInt8 = 4
        /// Added with event format 4 (older logs never hold it).
        static let user: UInt8 = 5
    }

    /// Tags of `Channel`.
    enum ChannelTag {
        static let line: UInt8 = 1
        static let api: UInt8 = 2
        static let backOffice: UInt8 = 3
        static let system: UInt8 = 4
        static let liff: UInt8 = 5
        /// Added with event format 4 (older logs never hold it).
        static let adminConsole: UInt8 = 6
    }

    /// Tags of `BookingStatus`.
    enum StatusTag {
        static let confirmed: UInt8 = 1
        static let completed: UInt8 = 2
        static let cancelled: UInt8 = 3
        static let noShow: UInt8 = 4
    }

    /// Tags of `BookingChange.Action`.
    enum ActionTag {
        static let created: UInt8 = 1
        static let cancelled: UInt8 = 2
        static let rescheduled: UInt8 = 3
        static let completed: UInt8 = 4
        static let markedNoShow: UInt8 = 5
        static let attendanceConfirmed: UInt8 = 6
        /// Written by event and snapshot format 4 only (`bookingApproved`).
        static let approved: UInt8 = 7
    }

    /// ISO weekdays a working window may name.
    static let weekdayRange = 1...7

    static func tag(of kind: Author.Kind) -> UInt8 {
        switch kind {
        case .customer: return AuthorTag.customer
        case .merchant: return AuthorTag.merchant
        case .admin: return AuthorTag.admin
        case .system: return AuthorTag.system
        case .user: return AuthorTag.user
        }
    }

    static func tag(of channel: Channel) -> UInt8 {
        switch channel {
        case .line: return ChannelTag.line
        case .api: return ChannelTag.api
        case .backOffice: return ChannelTag.backOffice
        case .system: return ChannelTag.system
        case .liff: return ChannelTag.liff
        case .adminConsole: return ChannelTag.adminConsole
        }
    }

    static func tag(of status: BookingStatus) -> UInt8 {
        switch status {
        case .confirmed: return StatusTag.confirmed
        case .completed: return StatusTag.completed
        case .cancelled: return StatusTag.cancelled
        case .noShow: return StatusTag.noShow
        }
    }

    static func authorKind(tag: UInt8) -> Author.Kind? {
        switch tag {
        case AuthorTag.customer: return .customer
        case AuthorTag.merchant: return .merchant
        case AuthorTag.admin: return .admin
        case AuthorTag.system: return .system
        case AuthorTag.user: return .user
        default: return nil
        }
    }

    static func channel(tag: UInt8) -> Channel? {
        switch tag {
        case ChannelTag.line: return .line
        case ChannelTag.api: return .api
        case ChannelTag.backOffice: return .backOffice
        case ChannelTag.system: return .system
        case ChannelTag.liff: return .liff
        case ChannelTag.adminConsole: return .adminConsole
        default: return nil
        }
    }

    static func status(tag: UInt8) -> BookingStatus? {
        switch tag {
        case StatusTag.confirmed: return .confirmed
        case StatusTag.completed: return .completed
        case StatusTag.cancelled: return .cancelled
        case StatusTag.noShow: return .noShow
        default: return nil
        }
    }
}
