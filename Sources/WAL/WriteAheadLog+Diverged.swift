/// What ``WriteAheadLog/cutDivergedTail(directory:storage:after:belowEpoch:)`` cut.
public struct DivergedTailCut: Sendable, Equatable {
    /// Records set aside (0: the log did not go past the LSN at an older epoch; nothing changed).
    public var records: UInt64 = 0
    /// The `.broken` files that keep what was cut, for inspection.
    public var brokenFiles: [String] = []

    /// Nothing cut.
    public init() {}

    /// `records` cut, kept in `brokenFiles`.
    public init(records: UInt64, brokenFiles: [String]) {
        self.records = records
        self.brokenFiles = brokenFiles
    }
}

/// A former leader's unacknowledged tail: records it wrote and fsynced, but that never reached the node that led the
/// group next (so no client was told they were kept, with synchronous replication). That leader's log continues at
/// the first LSN after them with other records, so this log must end where the group's history continues.
extension WriteAheadLog {
    /// Cuts every frame after `lsn` that was written at an epoch below `epoch` (the new leader's), keeping them as
    /// `.broken` files as `repair` does (evidence first, then the cut, each made durable). Frames at `epoch` or later
    /// after `lsn` are the new leader's own and stay (nothing is cut). A log that ends at or before `lsn` is left
    /// alone. Call it only while the log is not open. Throws `corruption` when `lsn` falls inside a frame (the
    /// group's history never ends inside a frame: followers store whole frames) and leaves the log unchanged.
    public static func cutDivergedTail(
        directory: String, storage: any WALStorage, after lsn: UInt64, belowEpoch epoch: UInt64
    ) throws(WALError) -> DivergedTailCut {
        let inspection = try WALRecovery.inspect(directory: directory, storage: storage, snapshotLSN: .max)
        guard inspection.corruption == nil, let last = inspection.segments.last, last.nextLSN - 1 > lsn,
            let index = inspection.segments.firstIndex(where: { $0.nextLSN - 1 > lsn })
        else { return DivergedTailCut() }
        let segment = inspection.segments[index]
        let bytes = try WALRecovery.readSegment(directory: directory, name: segment.name, storage: storage)
        let frames = bytes.withUnsafeBytes { raw in
            FrameDecoder.scan(
                UnsafeRawBufferPointer(rebasing: raw[SegmentHeader.size..<segment.validLength]),
                previousCRC: segment.header.previousFrameCRC, expectedFirstLSN: segment.header.firstLSN,
                epochFloor: segment.header.epoch, keepsRecords: false
            ).frames
        }
        guard let first = frames.first(where: { $0.header.nextLSN - 1 > lsn }) else {
            preconditionFailure("a segment holding records after \(lsn) has no frame holding them")
        }
        guard first.header.firstLSN == lsn + 1 else {
            throw WALError(
                .corruption, "LSN \(lsn) is inside a frame (\(first.header.firstLSN)...\(first.header.nextLSN - 1))",
                segment: segment.name, offset: SegmentHeader.size + first.offset, lsn: lsn + 1)
        }
        guard first.header.epoch < epoch else { return DivergedTailCut() }
        let wholeSegment = first.offset == 0
        let corruption = SegmentCorruption(
            name: segment.name, offset: SegmentHeader.size + first.offset, lsn: lsn + 1, wholeSegment: wholeSegment,
            message: "records after LSN \(lsn) at epoch \(first.header.epoch), below the group's epoch \(epoch)")
        let later = Array(inspection.segmentNames.drop { $0 != segment.name }.dropFirst())
        let broken = try cut(directory: directory, storage: storage, corruption: corruption, later: later)
        return DivergedTailCut(records: last.nextLSN - 1 - lsn, brokenFiles: broken)
    }
}
