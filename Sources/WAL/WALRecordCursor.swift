/// Reads a log's records in LSN order, from `startLSN` through `endLSN`, holding one segment file and one frame's
/// records in memory at a time. Frames wholly before `startLSN` are skipped by their headers, without decompressing.
///
/// Every frame is checked again as it is read (header and payload CRC, chain, LSN sequence, epochs): `open` verified
/// them, so a failure here means the files changed underneath, and is reported as `corruption`. A start before the
/// oldest record the log holds (its segment was pruned) is refused with `lsnNotRetained`.
public struct WALRecordCursor: Sendable {
    /// The first LSN the cursor returns.
    public let startLSN: UInt64
    /// The last LSN the cursor returns: the log's durable LSN when the cursor was made.
    public let endLSN: UInt64
    private let directory: String
    private let storage: any WALStorage
    /// Segments not read yet, in order.
    private var segments: ArraySlice<(name: String, firstLSN: UInt64)>
    private var segmentName = ""
    private var bytes: [UInt8] = []
    private var offset = 0
    /// First LSN of the next frame to read.
    private var frameLSN: UInt64 = 0
    /// `headerCRC` of the frame before the next one.
    private var previousCRC: UInt32 = 0
    /// Epoch of the last header read: the next one must not be lower.
    private var epoch: UInt64 = 0
    private var records: [FrameRecord] = []
    /// The wall-clock time (Unix milliseconds) of the frame holding the record `next()` returned last.
    public private(set) var frameTimestampMillis: Int64 = 0
    private var recordIndex = 0

    /// A cursor over `startLSN...endLSN` of the log in `directory` (empty when `startLSN > endLSN`).
    init(directory: String, storage: any WALStorage, startLSN: UInt64, endLSN: UInt64) throws(WALError) {
        self.directory = directory
        self.storage = storage
        let start = max(startLSN, 1)
        self.startLSN = start
        self.endLSN = endLSN
        let names: [String]
        do {
            names = try storage.listDirectory(directory)
        } catch {
            throw WALError.storage(error, "cannot list the log directory")
        }
        let all = SegmentName.segments(in: names)
        if let oldest = all.first?.firstLSN, start < oldest, start <= endLSN {
            throw WALError(
                .lsnNotRetained, "the log holds records from LSN \(oldest) on; older segments were pruned", lsn: start)
        }
        let first = all.lastIndex { $0.firstLSN <= start } ?? all.startIndex
        segments = all[first...]
        frameLSN = segments.first?.firstLSN ?? 1
    }

    /// The next record, or nil after `endLSN`.
    public mutating func next() throws(WALError) -> FrameRecord? {
        while true {
            if recordIndex < records.count {
                let record = records[recordIndex]
                recordIndex += 1
                precondition(record.lsn >= startLSN && record.lsn <= endLSN, "record outside the cursor's range")
                return record
            }
            if startLSN > endLSN || frameLSN > endLSN {
                return nil
            }
            if offset < bytes.count {
                try readFrame()
            } else {
                try readSegment()
            }
        }
    }

    /// Reads the next segment file and checks its header continues the log.
    private mutating func readSegment() throws(WALError) {
        guard let next = segments.popFirst() else {
            throw corruption("the log ends at LSN \(frameLSN - 1), before \(endLSN)", offset: bytes.count, nil)
        }
        let isFirst = segmentName.isEmpty
        segmentName = next.name
        bytes = try WALRecovery.readSegment(directory: directory, name: next.name, storage: storage)
        offset = 0
        let decoded = bytes.withUnsafeBytes { raw in
            Result { () throws(WALFormatError) -> SegmentHeader in try SegmentHeader.decode(raw) }
        }
        let header: SegmentHeader
        switch decoded {
        case .success(let valid):
            header = valid
        case .failure(let error):
            throw corruption("segment header is invalid", offset: 0, error)
        }
        guard header.firstLSN == next.firstLSN, isFirst || header.firstLSN == frameLSN,
            isFirst || header.previousFrameCRC == previousCRC, header.epoch >= epoch
        else {
            throw corruption("segment does not continue the log", offset: 0, nil)
        }
        frameLSN = header.firstLSN
        previousCRC = header.previousFrameCRC
        epoch = header.epoch
        offset = SegmentHeader.size
    }

    /// Reads the frame at `offset`: skipped by its header when it ends before `startLSN`, else decoded.
    private mutating func readFrame() throws(WALError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(WALFormatError) -> (FrameHeader, [FrameRecord]) in
                let rest = UnsafeRawBufferPointer(rebasing: raw[offset...])
                let header = try FrameDecoder.decodeHeader(rest)
                if header.nextLSN <= startLSN, header.frameLength <= rest.count {
                    return (header, [])
                }
                let decoded = try FrameDecoder.decode(rest, expectedPreviousCRC: previousCRC)
                return (decoded.header, decoded.records)
            }
        }
        let header: FrameHeader
        let frameRecords: [FrameRecord]
        switch result {
        case .success(let decoded):
            (header, frameRecords) = decoded
        case .failure(let error):
            throw corruption("frame does not decode", offset: offset, error)
        }
        guard header.previousFrameCRC == previousCRC, header.firstLSN == frameLSN, header.epoch >= epoch else {
            throw corruption("frame does not continue the chain", offset: offset, nil)
        }
        precondition(header.nextLSN - 1 <= endLSN || header.firstLSN > endLSN, "a frame straddles the durable LSN")
        records = frameRecords
        frameTimestampMillis = header.timestampMillis
        recordIndex = startLSN > header.firstLSN ? Int(startLSN - header.firstLSN) : 0
        offset += header.frameLength
        frameLSN = header.nextLSN
        previousCRC = header.headerCRC
        epoch = header.epoch
    }

    /// A corruption error at `offset` of the current segment.
    private func corruption(_ message: String, offset: Int, _ error: WALFormatError?) -> WALError {
        WALError(
            .corruption, message + " (the log changed after it was opened)", segment: segmentName, offset: offset,
            lsn: frameLSN, formatError: error?.rebased(by: offset))
    }
}

extension WriteAheadLog {
    /// A cursor over the records from `lsn` (use the snapshot's LSN + 1 to replay after a snapshot) through the
    /// current durable LSN; `lsnNotRetained` when `lsn` is below `firstLSN` (and not past the end).
    public func records(from lsn: UInt64 = 1) throws(WALError) -> WALRecordCursor {
        try WALRecordCursor(directory: directory, storage: storage, startLSN: lsn, endLSN: durableLSN)
    }

    /// Calls `body` with every record from `lsn` through the current durable LSN, in order, reading one segment at
    /// a time.
    public func forEachRecord(from lsn: UInt64 = 1, _ body: (FrameRecord) -> Void) throws(WALError) {
        var cursor = try records(from: lsn)
        while let record = try cursor.next() {
            body(record)
        }
    }
}
