/// Where recovery found committed data damaged or missing.
struct SegmentCorruption: Sendable {
    /// The segment file.
    var name: String
    /// Byte offset in the file of the damaged header or frame.
    var offset: Int
    /// The first LSN expected at `offset`.
    var lsn: UInt64
    /// Whether the segment's header is unusable (invalid or not continuing the log), so none of it can be kept.
    var wholeSegment: Bool
    /// What is wrong.
    var message: String
    /// The check that failed, when a frame or header did not decode.
    var formatError: WALFormatError?

    /// The error `open` throws for it.
    var error: WALError {
        WALError(
            .corruption, message + "; run repair to cut the log here", segment: name, offset: offset, lsn: lsn,
            formatError: formatError)
    }
}
