/// One frame exactly as the log holds it: its validated header and its bytes (header and stored payload, checksummed
/// and chained to the frame before), ready to be shipped to a replica and decoded there with `FrameDecoder`.
public struct LogFrame: Sendable, Equatable {
    /// The frame's header: first LSN, record count, epoch, timestamp, CRCs.
    public var header: FrameHeader
    /// The frame's bytes, exactly as on disk (`header.frameLength` of them).
    public var bytes: [UInt8]

    /// Creates a frame; `bytes` must be the whole frame `header` describes.
    public init(header: FrameHeader, bytes: [UInt8]) {
        precondition(bytes.count == header.frameLength, "frame bytes do not match the header's length")
        self.header = header
        self.bytes = bytes
    }
}
