/// Counters of what the log's writer has done since the log was opened.
public struct WALMetrics: Sendable, Equatable {
    /// Frames written (one per group-commit batch).
    public var framesWritten: UInt64 = 0
    /// Records written.
    public var recordsWritten: UInt64 = 0
    /// Bytes written to segment files: frames and segment headers.
    public var bytesWritten: UInt64 = 0
    /// Syncs issued: file `fdatasync`s and directory `fsync`s.
    public var fsyncCount: UInt64 = 0
    /// Segments created (the first one included, when the log was empty).
    public var segmentsCreated: UInt64 = 0
    /// Records in the last batch written.
    public var lastBatchRecords = 0
    /// Bytes of the last frame written.
    public var lastBatchBytes = 0

    /// Zero counters.
    public init() {}
}
