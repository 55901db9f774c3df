/// How recovery judges one segment file, given what the segments before it promised.
///
/// The recovery decision table (also in docs/wal-recovery.md). "Refuse" means `open` throws `corruption` naming the
/// segment file, the byte offset and the first LSN expected there, and `WriteAheadLog.repair` is the way out.
///
/// | #  | what recovery finds                                                                  | decision           |
/// |----|--------------------------------------------------------------------------------------|--------------------|
/// | 1  | no segment files                                                                     | start at `snapshotLSN + 1` (LSN 1 without a snapshot) |
/// | 2  | `wal-….seg.tmp` (a roll interrupted before its rename)                               | remove it          |
/// | 3  | other files (`*.broken`, names that are not exactly `wal-<20 digits>.seg`)            | ignore             |
/// | 4  | frames end exactly at the end of the file                                            | intact             |
/// | 5  | last segment, valid header, no frames (rolled, nothing appended yet)                  | intact, append there |
/// | 6  | last segment: last frame incomplete or damaged, nothing valid after it (torn write)   | truncate, report bytes |
/// | 7  | last segment: zeros or garbage after the last good frame                              | truncate (torn tail) |
/// | 8  | last segment: stale frames (LSN below the next expected) after the last good frame    | truncate (torn tail) |
/// | 9  | a damaged frame followed by a valid frame header (any segment)                        | refuse             |
/// | 10 | a complete, chained frame whose first LSN is out of sequence                         | refuse             |
/// | 11 | a segment that is not the last ends in an incomplete or damaged frame                 | refuse             |
/// | 12 | last segment: header invalid (empty, short, garbled), named for the next LSN (the first segment: at most `snapshotLSN + 1`), and no valid frame header in it | remove it (a roll that never synced) |
/// | 13 | last segment: header invalid but a valid frame header follows                        | refuse             |
/// | 14 | a segment that is not the last has an invalid header                                 | refuse             |
/// | 15 | header's first LSN differs from the file name's                                      | refuse             |
/// | 16 | segment starts at another LSN than the previous one ended (gap, overlap)              | refuse             |
/// | 17 | header's previous-frame CRC differs from the previous segment's last frame CRC (for a first segment at LSN 1: is not 0) | refuse |
/// | 18 | first segment starts after LSN 1, at or before `snapshotLSN + 1` (older segments pruned) | intact; its previous-frame CRC is not checked |
/// | 19 | first segment starts after `snapshotLSN + 1` (records in neither the snapshot nor the log; a lost first segment) | refuse |
/// | 20 | an epoch goes down: a segment header's or frame's epoch below the one before it        | refuse             |
///
/// `repair` judges the log without a snapshot LSN (rows 18 and 19 accept any first LSN): cutting cannot bring back
/// records missing before the first segment.
///
/// Only the last segment can be torn: the writer syncs a segment before it creates the next one, and creates the
/// next one (header written, file synced, renamed into place, directory synced) before any record goes in it.
enum RecoveryDecision {
    /// What the segments before promise about the next one.
    struct Expectation: Equatable {
        /// The LSN the next segment must start at (the first segment: the LSN a new log would start at).
        var nextLSN: UInt64
        /// The CRC the next segment's header must carry as `previousFrameCRC`.
        var previousCRC: UInt32
        /// The epoch of the last frame or header before: the next segment's epoch must not be lower.
        var epoch: UInt64
        /// First segment only: the latest LSN it may start at (older segments were pruned); nil for later segments.
        var firstLSNMax: UInt64?

        /// What is expected of the first segment when a snapshot covers LSNs through `snapshotLSN` (saturating, so
        /// `.max` accepts any first LSN).
        static func start(snapshotLSN: UInt64) -> Expectation {
            let (next, overflow) = snapshotLSN.addingReportingOverflow(1)
            let latest = overflow ? UInt64.max : next
            return Expectation(nextLSN: latest, previousCRC: 0, epoch: 0, firstLSNMax: latest)
        }

        /// The first LSN expected in a segment named for `nameLSN`: exactly `nextLSN`, except that a first segment
        /// may start anywhere up to `firstLSNMax`.
        func lsn(namedFor nameLSN: UInt64) -> UInt64 {
            firstLSNMax.map { min(nameLSN, $0) } ?? nextLSN
        }
    }

    /// The verdict on one segment file.
    enum Verdict {
        /// Valid to the end (rows 4, 5).
        case intact(SegmentState)
        /// Valid up to `state.validLength`, then a torn tail to cut (rows 6–8; last segment only).
        case tornTail(SegmentState)
        /// A never-completed last segment, to remove (row 12).
        case stale
        /// Committed data is damaged or missing (rows 9–11, 13–17, 19, 20).
        case corrupt(SegmentCorruption)
    }

    /// Judges segment `name` from its bytes (see the table above).
    static func judge(name: String, bytes: [UInt8], expected: Expectation, isLast: Bool) -> Verdict {
        guard let nameLSN = SegmentName.firstLSN(of: name) else {
            preconditionFailure("\(name) is not a segment file name")
        }
        return bytes.withUnsafeBytes { raw in
            let header: SegmentHeader
            do throws(WALFormatError) {
                header = try SegmentHeader.decode(raw)
            } catch {
                let framesFound = FrameDecoder.findHeader(raw, from: 0, lsnFloor: nameLSN) != nil
                let namedForNext = expected.firstLSNMax.map { nameLSN <= $0 } ?? (nameLSN == expected.nextLSN)
                if isLast && namedForNext && !framesFound {
                    return .stale
                }
                return .corrupt(
                    SegmentCorruption(
                        name: name, offset: error.offset ?? 0, lsn: expected.lsn(namedFor: nameLSN), wholeSegment: true,
                        message: framesFound
                            ? "segment header is invalid but frames follow" : "segment header is invalid",
                        formatError: error))
            }
            if let problem = headerProblem(header, nameLSN: nameLSN, expected: expected) {
                return .corrupt(
                    SegmentCorruption(
                        name: name, offset: 0, lsn: expected.lsn(namedFor: nameLSN), wholeSegment: true,
                        message: problem, formatError: nil))
            }
            return judgeFrames(name: name, raw: raw, header: header, isLast: isLast)
        }
    }

    /// Why a valid header does not continue the log (rows 15–17, 19, 20), or nil.
    private static func headerProblem(_ header: SegmentHeader, nameLSN: UInt64, expected: Expectation) -> String? {
        if header.firstLSN != nameLSN {
            return "segment header says first LSN \(header.firstLSN), its name says \(nameLSN)"
        }
        if let latest = expected.firstLSNMax {
            if header.firstLSN > latest {
                return "the log starts at LSN \(header.firstLSN), after LSN \(latest): records \(latest)..."
                    + "\(header.firstLSN - 1) are in neither a snapshot nor the log"
            }
            if header.firstLSN == 1 && header.previousFrameCRC != 0 {
                return "the first segment's previous-frame CRC is \(FrameDecoder.hex(header.previousFrameCRC)), not 0"
            }
        } else {
            if header.firstLSN != expected.nextLSN {
                return
                    "segment starts at LSN \(header.firstLSN), expected \(expected.nextLSN): records missing or repeated"
            }
            if header.previousFrameCRC != expected.previousCRC {
                return "segment's previous-frame CRC \(FrameDecoder.hex(header.previousFrameCRC)) does not continue "
                    + "the chain (\(FrameDecoder.hex(expected.previousCRC)))"
            }
        }
        if header.epoch < expected.epoch {
            return "segment epoch \(header.epoch) is below the epoch \(expected.epoch) before it"
        }
        return nil
    }

    /// Scans the frames after a valid header and classifies how they end (rows 4–11).
    private static func judgeFrames(
        name: String, raw: UnsafeRawBufferPointer, header: SegmentHeader, isLast: Bool
    ) -> Verdict {
        let frames = UnsafeRawBufferPointer(rebasing: raw[SegmentHeader.size...])
        let scan = FrameDecoder.scan(
            frames, previousCRC: header.previousFrameCRC, expectedFirstLSN: header.firstLSN, epochFloor: header.epoch,
            keepsRecords: false)
        let state = SegmentState(name: name, header: header, fileSize: raw.count, scan: scan)
        switch scan.end {
        case .clean:
            return .intact(state)
        case .tornTail(let offset):
            precondition(offset == scan.validLength, "torn tail does not start after the last good frame")
            if isLast {
                return .tornTail(state)
            }
            return .corrupt(
                SegmentCorruption(
                    name: name, offset: SegmentHeader.size + offset, lsn: state.nextLSN, wholeSegment: false,
                    message: "segment ends in an incomplete frame but is not the last", formatError: nil))
        case .corruption(let offset, let error):
            return .corrupt(
                SegmentCorruption(
                    name: name, offset: SegmentHeader.size + offset, lsn: state.nextLSN, wholeSegment: false,
                    message: error.code == .epochDecreased
                        ? "frame epoch goes down" : "damaged frame followed by valid frames",
                    formatError: error.rebased(by: SegmentHeader.size)))
        }
    }
}
