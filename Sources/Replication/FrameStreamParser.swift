import WAL

/// Cuts a byte stream from the leader into whole log frames, checking each one completely (header CRC first,
/// so a damaged length is never trusted; then payload CRC, decompression, record framing) before handing it on.
///
/// Pure: no I/O. Bytes go in with ``append(_:)``; ``nextFrame()`` gives the next verified frame or nil when more
/// bytes are needed; a malformed frame throws, and the caller must drop the connection (never apply it).
public struct FrameStreamParser: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0

    /// The largest frame accepted (header + stored payload).
    public static let frameBytesMax = FrameHeader.size + Int(FrameHeader.rawLengthMax) + 1_024

    /// An empty parser.
    public init() {}

    /// Bytes buffered but not yet part of a whole frame.
    public var pendingBytes: Int { buffer.count - start }

    /// Adds bytes received from the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole, verified frame: its header, records and exact bytes; nil until enough bytes arrived.
    public mutating func nextFrame() throws(WALFormatError) -> VerifiedFrame? {
        guard pendingBytes >= FrameHeader.size else { return nil }
        let header = try buffer.withUnsafeBytes { raw in
            Result { () throws(WALFormatError) -> FrameHeader in
                try FrameDecoder.decodeHeader(UnsafeRawBufferPointer(rebasing: raw[start...]))
            }
        }.get()
        guard header.frameLength <= Self.frameBytesMax else {
            throw WALFormatError(.lengthOutOfRange, "frame of \(header.frameLength) bytes is too large")
        }
        guard pendingBytes >= header.frameLength else { return nil }
        let bytes = Array(buffer[start..<(start + header.frameLength)])
        let decoded = try bytes.withUnsafeBytes { raw in
            Result { () throws(WALFormatError) -> (header: FrameHeader, records: [FrameRecord], frameLength: Int) in
                try FrameDecoder.decode(raw, expectedPreviousCRC: nil)
            }
        }.get()
        start += header.frameLength
        return VerifiedFrame(header: decoded.header, records: decoded.records, bytes: bytes)
    }
}

/// A frame whose every checksum was verified, with its exact bytes (to store byte for byte).
public struct VerifiedFrame: Sendable, Equatable {
    /// The header.
    public var header: FrameHeader
    /// The records, with their LSNs.
    public var records: [FrameRecord]
    /// The frame as it was on the leader's disk.
    public var bytes: [UInt8]
}
