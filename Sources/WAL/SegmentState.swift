/// One segment file as recovery found it: the valid part and where the chain stands after it.
struct SegmentState: Sendable, Equatable {
    /// File name.
    var name: String
    /// The segment's validated header.
    var header: SegmentHeader
    /// File size when inspected.
    var fileSize: Int
    /// Bytes from the start of the file through the last good frame.
    var validLength: Int
    /// Frames in the valid part.
    var frameCount: Int
    /// Records in the valid part.
    var recordCount: UInt64
    /// The LSN the next frame must start at.
    var nextLSN: UInt64
    /// `headerCRC` of the last good frame (the header's `previousFrameCRC` when there is none).
    var lastFrameCRC: UInt32
    /// Timestamp of the last good frame, when there is one.
    var lastTimestampMillis: Int64?
    /// Epoch of the last good frame (the header's when there is none).
    var lastEpoch: UInt64

    /// The valid part of a scanned segment.
    init(name: String, header: SegmentHeader, fileSize: Int, scan: FrameScan) {
        let last = scan.frames.last?.header
        self.name = name
        self.header = header
        self.fileSize = fileSize
        self.validLength = SegmentHeader.size + scan.validLength
        self.frameCount = scan.frames.count
        self.nextLSN = last?.nextLSN ?? header.firstLSN
        self.recordCount = nextLSN - header.firstLSN
        self.lastFrameCRC = scan.lastFrameCRC
        self.lastTimestampMillis = last?.timestampMillis
        self.lastEpoch = last?.epoch ?? header.epoch
        precondition(validLength <= fileSize, "valid part longer than the file")
    }

    /// What this segment promises about the next one.
    var expectation: RecoveryDecision.Expectation {
        RecoveryDecision.Expectation(nextLSN: nextLSN, previousCRC: lastFrameCRC, epoch: lastEpoch, firstLSNMax: nil)
    }
}
