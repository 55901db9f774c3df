import WAL

/// One message of the leader's replication stream.
public enum StreamMessage: Sendable, Equatable {
    /// A log frame, verified, with its exact bytes.
    case frame(VerifiedFrame)
    /// The leader's progress: its last durable LSN and the time of its last frame (Unix milliseconds).
    case heartbeat(leaderLSN: UInt64, leaderMillis: Int64)
}

/// The wire format of the replication stream, shared by the leader (encoding) and the follower (parsing).
///
/// The stream is a sequence of messages: `'F'` followed by one log frame exactly as on the leader's disk (its
/// header gives its length and carries its checksums), or `'H'` followed by a heartbeat: leader LSN (u64 LE),
/// leader millis (i64 LE) and a CRC32C of those 16 bytes.
public enum ReplicationWire {
    /// The answer header by which the leader says that the follower's log ends where its own does, with the same
    /// frame (the stream request's `from` and `crc`): the follower holds this log through that LSN.
    public static let verifiedHeader = "X-Nailbook-Verified-LSN"
    static let frameTag = UInt8(ascii: "F")
    static let heartbeatTag = UInt8(ascii: "H")
    static let heartbeatSize = 1 + 16 + 4

    /// A frame message.
    public static func frameMessage(_ frameBytes: [UInt8]) -> [UInt8] { [frameTag] + frameBytes }

    /// A heartbeat message.
    public static func heartbeatMessage(leaderLSN: UInt64, leaderMillis: Int64) -> [UInt8] {
        var body: [UInt8] = []
        withUnsafeBytes(of: leaderLSN.littleEndian) { body += $0 }
        withUnsafeBytes(of: leaderMillis.littleEndian) { body += $0 }
        var crc: [UInt8] = []
        withUnsafeBytes(of: CRC32C.checksum(body).littleEndian) { crc += $0 }
        return [heartbeatTag] + body + crc
    }
}

/// Cuts the leader's byte stream into whole messages, checking each frame completely (header CRC first, so a
/// damaged length is never trusted; then payload CRC, decompression, record framing) before handing it on.
///
/// Pure: no I/O. Bytes go in with ``append(_:)``; ``nextMessage()`` gives the next verified message or nil when
/// more bytes are needed; anything malformed throws, and the caller must drop the connection (never apply it).
public struct ReplicationStreamParser: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0

    /// The largest frame accepted (header + stored payload).
    public static let frameBytesMax = FrameHeader.size + FrameHeader.rawLengthMax + 1_024

    /// An empty parser.
    public init() {}

    /// Bytes buffered but not yet part of a whole message.
    public var pendingBytes: Int { buffer.count - start }

    /// Adds bytes received from the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole, verified message; nil until enough bytes arrived.
    public mutating func nextMessage() throws(WALFormatError) -> StreamMessage? {
        guard pendingBytes > 0 else { return nil }
        switch buffer[start] {
        case ReplicationWire.heartbeatTag: return try nextHeartbeat()
        case ReplicationWire.frameTag: return try nextFrame().map(StreamMessage.frame)
        default: throw WALFormatError(.badMagic, "unknown replication message \(buffer[start])")
        }
    }

    private mutating func nextHeartbeat() throws(WALFormatError) -> StreamMessage? {
        guard pendingBytes >= ReplicationWire.heartbeatSize else { return nil }
        let body = Array(buffer[(start + 1)..<(start + 17)])
        let crc = buffer[(start + 17)..<(start + 21)].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.1) << (8 * $1.0) }
        guard CRC32C.checksum(body) == crc else { throw WALFormatError(.payloadChecksum, "heartbeat checksum") }
        let lsn = body[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.1) << (8 * $1.0) }
        let millis = body[8..<16].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.1) << (8 * $1.0) }
        start += ReplicationWire.heartbeatSize
        return .heartbeat(leaderLSN: lsn, leaderMillis: Int64(bitPattern: millis))
    }

    private mutating func nextFrame() throws(WALFormatError) -> VerifiedFrame? {
        guard pendingBytes >= 1 + FrameHeader.size else { return nil }
        let frameStart = start + 1
        let header = try buffer.withUnsafeBytes { raw in
            Result { () throws(WALFormatError) -> FrameHeader in
                try FrameDecoder.decodeHeader(UnsafeRawBufferPointer(rebasing: raw[frameStart...]))
            }
        }.get()
        guard header.frameLength <= Self.frameBytesMax else {
            throw WALFormatError(.lengthOutOfRange, "frame of \(header.frameLength) bytes is too large")
        }
        guard pendingBytes >= 1 + header.frameLength else { return nil }
        let bytes = Array(buffer[frameStart..<(frameStart + header.frameLength)])
        let decoded = try bytes.withUnsafeBytes { raw in
            Result { () throws(WALFormatError) -> (header: FrameHeader, records: [FrameRecord], frameLength: Int) in
                try FrameDecoder.decode(raw, expectedPreviousCRC: nil)
            }
        }.get()
        start = frameStart + header.frameLength
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

    /// Wraps a frame that was decoded and verified.
    public init(header: FrameHeader, records: [FrameRecord], bytes: [UInt8]) {
        self.header = header
        self.records = records
        self.bytes = bytes
    }
}
