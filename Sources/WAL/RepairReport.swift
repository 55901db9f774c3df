/// What `WriteAheadLog.repair` found and cut.
///
/// Discards are counted by LSN: every LSN after `lastLSNKept` that any readable frame or segment header in the cut
/// part showed to exist, through `lastLSNSeen`, is gone from the log (LSNs are contiguous, so records inside
/// unreadable bytes are counted too). Frames are counted when their header is readable; bytes where no header is
/// readable are `unreadableBytes`.
public struct RepairReport: Sendable, Equatable {
    /// Whether anything was cut; false when the log had no corruption (`open` handles torn tails itself).
    public var repaired = false
    /// What was wrong, as `open` reported it.
    public var problem: String?
    /// The segment where the damage starts.
    public var damagedSegment: String?
    /// Byte offset of the damage in `damagedSegment`.
    public var damagedOffset: Int?
    /// Whether the damaged segment was set aside whole (its header was unusable), rather than cut.
    public var damagedSegmentRemoved = false
    /// The last LSN still in the log (0 when nothing is left).
    public var lastLSNKept: UInt64 = 0
    /// The highest LSN the cut part showed to exist.
    public var lastLSNSeen: UInt64 = 0
    /// Records no longer in the log: `lastLSNSeen - lastLSNKept`.
    public var recordsDiscarded: UInt64 = 0
    /// Frames with a readable header in the cut part (the damaged frame included when its header was readable).
    public var framesDiscarded = 0
    /// Bytes in the cut part where no frame header could be read.
    public var unreadableBytes = 0
    /// Copies and set-aside segments kept for inspection (`<segment>.broken`), in LSN order.
    public var brokenFiles: [String] = []

    /// An empty report.
    public init() {}
}
