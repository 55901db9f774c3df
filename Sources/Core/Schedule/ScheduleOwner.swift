/// Who an interval in a staff schedule belongs to: a booking or a hold, packed in one word (top bit = hold).
public struct ScheduleOwner: Hashable, Sendable, CustomStringConvertible {
    /// The packed value stored in the interval tree.
    public let rawValue: UInt64

    private static let holdBit: UInt64 = 1 << 63

    /// Unpacks a stored value.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The owner for a booking.
    public static func booking(_ id: BookingID) -> ScheduleOwner { ScheduleOwner(rawValue: id.rawValue) }
    /// The owner for a hold.
    public static func hold(_ id: HoldID) -> ScheduleOwner { ScheduleOwner(rawValue: id.rawValue | holdBit) }

    /// The hold, when the owner is one.
    public var holdID: HoldID? { rawValue & Self.holdBit != 0 ? HoldID(rawValue & ~Self.holdBit) : nil }

    /// The owner's public id ("bkg_…" or "hld_…").
    public var description: String { holdID?.description ?? BookingID(rawValue).description }
}
