/// What `FrameDecoder.scan` found in a buffer of consecutive frames: the frames that decoded, in order, and how the
/// scan ended.
public struct FrameScan: Sendable, Equatable {
    /// One frame that decoded and continued the chain.
    public struct Frame: Sendable, Equatable {
        /// Byte offset of the frame's header in the scanned buffer.
        public var offset: Int
        /// The frame's validated header.
        public var header: FrameHeader
        /// The frame's records, in LSN order; empty when the scan did not keep them (`keepsRecords: false`).
        public var records: [FrameRecord]

        /// Creates a scanned frame.
        public init(offset: Int, header: FrameHeader, records: [FrameRecord]) {
            self.offset = offset
            self.header = header
            self.records = records
        }
    }

    /// How a scan ended; see `FrameDecoder.scan` for the decision table.
    public enum End: Sendable, Equatable {
        /// The last frame ended exactly at the end of the buffer.
        case clean
        /// The bytes from `offset` on are an incomplete or corrupt last write with nothing valid after them: safe to
        /// truncate at `offset`.
        case tornTail(offset: Int)
        /// The frame at `offset` is bad but a later frame header is valid: committed data is damaged or missing, and
        /// truncating would lose it.
        case corruption(offset: Int, error: WALFormatError)
    }

    /// The frames that decoded, in order.
    public var frames: [Frame]
    /// How the scan ended.
    public var end: End
    /// Bytes covered by `frames`: where the next frame goes once a torn tail is cut off.
    public var validLength: Int
    /// `headerCRC` of the last decoded frame, or the scan's `previousCRC` when none decoded: the next frame's
    /// `previousFrameCRC`.
    public var lastFrameCRC: UInt32

    /// Creates a scan result.
    public init(frames: [Frame], end: End, validLength: Int, lastFrameCRC: UInt32) {
        self.frames = frames
        self.end = end
        self.validLength = validLength
        self.lastFrameCRC = lastFrameCRC
    }
}
