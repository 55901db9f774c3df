/// Counts what lies after a repair's cut: readable frame headers and the LSNs they (and segment headers) show.
struct DiscardTally {
    /// The first LSN not kept; frame headers below it are stale leftovers, not discarded records.
    let lsnFloor: UInt64
    /// The highest LSN seen in the cut part (`lsnFloor - 1` when none).
    private(set) var lastLSNSeen: UInt64
    private(set) var frames = 0
    private(set) var unreadableBytes = 0

    init(lsnFloor: UInt64) {
        precondition(lsnFloor >= 1, "LSNs start at 1")
        self.lsnFloor = lsnFloor
        lastLSNSeen = lsnFloor - 1
    }

    /// Counts a whole later segment: its header (if readable) says records before its first LSN existed.
    mutating func countSegment(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            if let header = try? SegmentHeader.decode(raw) {
                lastLSNSeen = max(lastLSNSeen, header.firstLSN - 1)
                countFrames(raw, from: SegmentHeader.size)
            } else {
                countFrames(raw, from: 0)
            }
        }
    }

    /// Counts the frames from `start` on: each readable header is a frame (its payload is skipped, damaged or
    /// not), and the bytes between them are unreadable.
    mutating func countFrames(_ raw: UnsafeRawBufferPointer, from start: Int) {
        var position = start
        while position < raw.count {
            guard let found = FrameDecoder.findHeader(raw, from: position, lsnFloor: lsnFloor),
                let header = try? FrameDecoder.decodeHeader(UnsafeRawBufferPointer(rebasing: raw[found...]))
            else {
                unreadableBytes += raw.count - position
                return
            }
            precondition(found >= position, "header found before the search start")
            unreadableBytes += found - position
            frames += 1
            lastLSNSeen = max(lastLSNSeen, header.nextLSN - 1)
            position = found + min(header.frameLength, raw.count - found)
        }
    }
}
