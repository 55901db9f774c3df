/// A frame handed to a tailer, with its records when they were asked for (or were at hand, from the ring).
struct TailedFrame: Sendable {
    var frame: LogFrame
    var records: [FrameRecord]?
}

/// Reads frames from the segment files for a tailer that is behind the ring: sequentially, a chunk at a time, from
/// where the last read stopped (or from a seek by the directory listing), checking every header, the chain and the
/// LSN sequence; payload CRCs are checked when the frame is decoded. Runs on the log's reader queue, never on the
/// cooperative pool.
struct TailDiskReader: Sendable {
    /// Where the next frame is.
    struct Position: Sendable {
        var segment: String
        /// Byte offset of the next frame in `segment`.
        var offset: Int
        /// First LSN of the next frame.
        var frameLSN: UInt64
        /// `headerCRC` of the frame before it.
        var previousCRC: UInt32
    }

    /// Bytes asked for per read (more when one frame is larger).
    static let chunkBytes = 1024 * 1024

    let directory: String
    let storage: any WALStorage
    private var position: Position?

    init(directory: String, storage: any WALStorage) {
        self.directory = directory
        self.storage = storage
    }

    /// The frames from the one holding `lsn` through the last one starting at or before `endLSN` (durable, so
    /// complete in the files), at most `framesMax` and, beyond the first, about `bytesMax` bytes. With `decode`, each
    /// frame's records are decoded too.
    mutating func read(
        from lsn: UInt64, through endLSN: UInt64, framesMax: Int, bytesMax: Int, decode: Bool
    ) throws(WALError) -> [TailedFrame] {
        precondition(lsn <= endLSN && framesMax >= 1, "nothing to read")
        if position?.frameLSN != lsn {
            position = try seek(lsn)
        }
        var frames: [TailedFrame] = []
        var bytes = 0
        var wanted = Self.chunkBytes
        while var current = position, current.frameLSN <= endLSN, frames.count < framesMax, bytes < bytesMax {
            let chunk = try readBytes(current.segment, offset: current.offset, count: wanted)
            if chunk.isEmpty {
                position = try openSegment(after: current)
                continue
            }
            var cursor = 0
            while cursor + FrameHeader.size <= chunk.count, current.frameLSN <= endLSN, frames.count < framesMax,
                bytes < bytesMax
            {
                let header = try frameHeader(chunk, at: cursor, position: current)
                let end = cursor + header.frameLength
                if header.nextLSN > lsn {
                    guard end <= chunk.count else { break }
                    let frame = LogFrame(header: header, bytes: Array(chunk[cursor..<end]))
                    frames.append(TailedFrame(frame: frame, records: decode ? try records(of: frame, current) : nil))
                    bytes += frame.bytes.count
                }
                cursor = end
                current.offset += header.frameLength
                current.frameLSN = header.nextLSN
                current.previousCRC = header.headerCRC
            }
            wanted = Self.chunkBytes
            if cursor == 0 {
                // Not one whole frame in the chunk: read exactly the frame next, or the segment ends inside it.
                guard chunk.count == wanted, chunk.count >= FrameHeader.size else {
                    throw corruption("the segment ends inside a durable frame", current)
                }
                wanted = try frameHeader(chunk, at: 0, position: current).frameLength
            }
            position = current
        }
        precondition(
            frames.first.map { $0.frame.header.firstLSN <= lsn && lsn < $0.frame.header.nextLSN } ?? true,
            "the first frame read does not hold the LSN asked for")
        return frames
    }

    /// The position of the frame-holding segment for `lsn`: its first frame (earlier frames are skipped by header).
    private func seek(_ lsn: UInt64) throws(WALError) -> Position {
        let names: [String]
        do {
            names = try storage.listDirectory(directory)
        } catch {
            throw WALError.storage(error, "cannot list the log directory")
        }
        let segments = SegmentName.segments(in: names)
        guard let segment = segments.last(where: { $0.firstLSN <= lsn }) else {
            throw WALError(
                .lsnNotRetained, "the log holds records from LSN \(segments.first?.firstLSN ?? 0) on", lsn: lsn)
        }
        let header = try segmentHeader(segment.name)
        return Position(
            segment: segment.name, offset: SegmentHeader.size, frameLSN: header.firstLSN,
            previousCRC: header.previousFrameCRC)
    }

    /// The position at the start of the segment that follows `current`, which must continue it.
    private func openSegment(after current: Position) throws(WALError) -> Position {
        let name = SegmentName.fileName(firstLSN: current.frameLSN)
        let header = try segmentHeader(name)
        guard header.firstLSN == current.frameLSN, header.previousFrameCRC == current.previousCRC else {
            throw corruption("segment \(name) does not continue the log", current)
        }
        return Position(
            segment: name, offset: SegmentHeader.size, frameLSN: current.frameLSN, previousCRC: current.previousCRC)
    }

    private func segmentHeader(_ name: String) throws(WALError) -> SegmentHeader {
        let bytes = try readBytes(name, offset: 0, count: SegmentHeader.size)
        let decoded = bytes.withUnsafeBytes { raw in
            Result { () throws(WALFormatError) -> SegmentHeader in try SegmentHeader.decode(raw) }
        }
        switch decoded {
        case .success(let header):
            return header
        case .failure(let error):
            throw WALError(
                .corruption, "segment header is invalid (the log changed after it was opened)", segment: name,
                offset: 0, formatError: error)
        }
    }

    /// The validated header of the frame at `offset` of `chunk`, which must continue the chain at `position`.
    private func frameHeader(_ chunk: [UInt8], at offset: Int, position: Position) throws(WALError) -> FrameHeader {
        let decoded = chunk.withUnsafeBytes { raw in
            Result { () throws(WALFormatError) -> FrameHeader in
                try FrameDecoder.decodeHeader(UnsafeRawBufferPointer(rebasing: raw[offset...]))
            }
        }
        guard case .success(let header) = decoded else {
            throw corruption("frame header does not decode", position)
        }
        guard header.firstLSN == position.frameLSN, header.previousFrameCRC == position.previousCRC else {
            throw corruption("frame does not continue the chain", position)
        }
        return header
    }

    private func records(of frame: LogFrame, _ position: Position) throws(WALError) -> [FrameRecord] {
        let decoded = frame.bytes.withUnsafeBytes { raw in
            Result { () throws(WALFormatError) -> [FrameRecord] in
                try FrameDecoder.decode(raw, expectedPreviousCRC: frame.header.previousFrameCRC).records
            }
        }
        switch decoded {
        case .success(let records):
            return records
        case .failure(let error):
            throw WALError(
                .corruption, "frame does not decode (the log changed after it was opened)", segment: position.segment,
                offset: position.offset, lsn: position.frameLSN, formatError: error)
        }
    }

    private func readBytes(_ name: String, offset: Int, count: Int) throws(WALError) -> [UInt8] {
        do {
            return try storage.read(SegmentName.path(directory, name), offset: offset, count: count)
        } catch {
            throw WALError.storage(error, "cannot read segment \(name)")
        }
    }

    private func corruption(_ message: String, _ position: Position) -> WALError {
        WALError(
            .corruption, message + " (the log changed after it was opened)", segment: position.segment,
            offset: position.offset, lsn: position.frameLSN)
    }
}
