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
    /// The writer's epoch (term), stored in every segment header and frame. Epochs never go down in a log: `open`
    /// refuses (`staleEpoch`) to write with an epoch below the log's `lastEpoch` (an old leader), unless
    /// `adoptsLogEpoch`.
    public var epoch: UInt64 = 0
    /// Whether a log whose last epoch is above `epoch` is continued at the log's epoch instead of refused: for tools
    /// that open a copy to read it, never for a replica's writer.
    public var adoptsLogEpoch = false
    /// Records through this LSN are covered by a snapshot, so segments wholly at or below it may have been pruned:
    /// the first segment may start at any LSN up to `snapshotLSN + 1` (a later start is a gap, refused), and an empty
    /// log starts at `snapshotLSN + 1`. 0, the default: the log must start at LSN 1.
    public var snapshotLSN: UInt64 = 0
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
    /// Most recent durable frames kept in memory for tailers (`tail(from:)`), so followers that keep up never read
    /// the segment files: 1024.
    public var tailRingFramesMax = 1024
    /// Most bytes those frames take (frame bytes plus record payloads): 8 MiB. 0 keeps no frames in memory.
    public var tailRingBytesMax = 8 * 1024 * 1024
    /// Most tailers open at once; `tailer(from:)` beyond it fails with `overloaded`.
    public var tailersMax = 64
    /// Under concurrent load, how long the writer waits for more appends before it writes a batch smaller than the
    /// last one: fewer, larger fsyncs for a little latency (PostgreSQL's `commit_delay`). It waits only when the last
    /// batch came from at least two appends and fewer are waiting now, so a lone writer never waits. 0: never.
    public var commitDelay: Duration = .zero
    /// Called on the writer's thread with the duration of every file sync, in seconds (for a histogram).
    public var fsyncDurationObserver: (@Sendable (_ seconds: Double) -> Void)?

    /// The defaults.
    public init() {}

    /// `commitDelay` in whole microseconds.
    var commitDelayMicroseconds: UInt32 {
        let (seconds, attoseconds) = commitDelay.components
        return UInt32(clamping: seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    }

    /// The largest record payload these options accept.
    public var recordBytesMax: Int {
        batchBytesMax - FrameHeader.recordPrefixSize
    }

    /// Checks every limit against the frame format and the others.
    public func validate() throws(WALError) {
        guard commitDelay >= .zero, commitDelay <= .milliseconds(10) else {
            throw WALError(.invalidOptions, "commitDelay \(commitDelay) outside 0...10 ms")
        }
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
        guard tailRingFramesMax >= 1, tailRingBytesMax >= 0, tailersMax >= 1 else {
            throw WALError(
                .invalidOptions, "tail ring limits must be at least 1 frame and 0 bytes, tailersMax at least 1")
        }
        guard snapshotLSN < UInt64.max / 2 else {
            throw WALError(.invalidOptions, "snapshotLSN \(snapshotLSN) is beyond any log")
        }
    }
}
