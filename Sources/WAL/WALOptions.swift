/// Configuration of one write-ahead log, with a default for every field; `validate()` runs when the log opens.
public struct WALOptions: Sendable {
    /// When an append is acknowledged.
    public enum Durability: Sendable, Equatable {
        /// After its frame is written and `fdatasync`ed: it survives power loss.
        case fsync
        /// After its frame is written to the file, without a sync: it survives a process crash, not power loss.
        case none
    }

    /// When an append is acknowledged; `.fsync` unless told otherwise.
    public var durability: Durability = .fsync
    /// Largest segment file, header included; a frame that would not fit starts a new segment. 64 MiB.
    public var segmentSizeBytes = 64 * 1024 * 1024
    /// Whether frame payloads are stored LZ4-compressed when that makes them smaller.
    public var compression = true
    /// The writer's epoch (term), stored in every segment header and frame.
    public var epoch: UInt64 = 0
    /// Wall clock for frame timestamps, Unix milliseconds. Injectable so tests control time. Frame timestamps never
    /// go backwards: a reading below the last frame's timestamp is raised to it.
    public var clock: @Sendable () -> Int64 = { WALClock.wallClockMillis() }
    /// Most records in one frame (one group-commit batch), and in one `append(contentsOf:)`.
    public var batchRecordsMax = 4096
    /// Most raw payload bytes in one frame (each record costs 4 bytes of length prefix plus its bytes): 1 MiB. Also
    /// bounds a single record and one `append(contentsOf:)`.
    public var batchBytesMax = 1024 * 1024
    /// Most records waiting to be written; an append beyond it fails with `overloaded`.
    public var pendingRecordsMax = 65_536
    /// Most payload bytes waiting to be written; an append beyond it fails with `overloaded`. 64 MiB.
    public var pendingBytesMax = 64 * 1024 * 1024
    /// Called on the writer's thread with the duration of every file sync, in seconds (for a histogram).
    public var fsyncDurationObserver: (@Sendable (_ seconds: Double) -> Void)?

    /// The defaults.
    public init() {}

    /// The largest record payload these options accept.
    public var recordBytesMax: Int {
        batchBytesMax - FrameHeader.recordPrefixSize
    }

    /// Checks every limit against the frame format and the others.
    public func validate() throws(WALError) {
        guard (1...FrameHeader.recordCountMax).contains(batchRecordsMax) else {
            throw WALError(
                .invalidOptions, "batchRecordsMax \(batchRecordsMax) outside 1...\(FrameHeader.recordCountMax)")
        }
        guard (FrameHeader.recordPrefixSize...FrameHeader.rawLengthMax).contains(batchBytesMax) else {
            throw WALError(.invalidOptions, "batchBytesMax \(batchBytesMax) outside 4...\(FrameHeader.rawLengthMax)")
        }
        // Any frame fits in an empty segment, so a segment never exceeds its size and rolling always makes room.
        let segmentBytesMin = SegmentHeader.size + FrameHeader.size + batchBytesMax
        guard segmentSizeBytes >= segmentBytesMin, segmentSizeBytes <= Int(UInt32.max) else {
            throw WALError(
                .invalidOptions, "segmentSizeBytes \(segmentSizeBytes) outside \(segmentBytesMin)...\(UInt32.max)")
        }
        guard pendingRecordsMax >= batchRecordsMax, pendingBytesMax >= batchBytesMax else {
            throw WALError(.invalidOptions, "pending limits must be at least the batch limits")
        }
    }
}
