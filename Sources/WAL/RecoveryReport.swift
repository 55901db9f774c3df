/// What opening the log found and did: the recovered records, and any torn tail cut off or leftover file removed.
public struct RecoveryReport: Sendable, Equatable {
    /// Segment files in the log after recovery (including one created for an empty log).
    public var segmentCount = 0
    /// Frames recovered.
    public var frameCount = 0
    /// Records recovered: LSNs `firstLSN` through `lastLSN`.
    public var recordCount: UInt64 = 0
    /// LSN of the first record in the log: 1, unless older segments were pruned; for an empty log, the LSN its first
    /// record will get.
    public var firstLSN: UInt64 = 1
    /// LSN of the last recovered record, `firstLSN - 1` when the log is empty (0, or the snapshot's LSN).
    public var lastLSN: UInt64 = 0
    /// Epoch of the last frame or segment header in the log (0 when there is none).
    public var lastEpoch: UInt64 = 0
    /// Timestamp of the last recovered frame, Unix milliseconds; nil when the log is empty.
    public var lastFrameTimestampMillis: Int64?
    /// The segment whose torn tail was cut off, if any.
    public var tornTailSegment: String?
    /// Byte offset in `tornTailSegment` where the log now ends.
    public var tornTailOffset: Int?
    /// Bytes cut off the torn tail: unacknowledged writes that never completed.
    public var droppedBytes = 0
    /// Files removed: segments being created when the writer stopped (`.tmp`) and a last segment whose header was
    /// never completed.
    public var removedFiles: [String] = []

    /// An empty report.
    public init() {}
}
