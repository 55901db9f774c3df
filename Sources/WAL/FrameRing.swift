/// The most recent durable frames, oldest first, bounded by a frame count and a byte budget: tailers that keep up
/// read them from here instead of the segment files. The frames held are always consecutive and end at the log's
/// durable LSN (or the ring is empty). Used under the log's state lock only, so every step is short.
struct FrameRing {
    /// One frame and its records (decoded already, for tailers that want records).
    struct Entry: Sendable {
        var frame: LogFrame
        var records: [FrameRecord]
        /// Bytes it holds: the frame plus the record payloads.
        var cost: Int
    }

    let framesMax: Int
    let bytesMax: Int
    /// Circular storage of `framesMax` slots; `count` of them from `head` on are in use.
    private var slots: [Entry?]
    private var head = 0
    private(set) var count = 0
    private(set) var bytes = 0

    init(framesMax: Int, bytesMax: Int) {
        precondition(framesMax >= 1 && bytesMax >= 0, "ring limits out of range")
        self.framesMax = framesMax
        self.bytesMax = bytesMax
        slots = Array(repeating: nil, count: framesMax)
    }

    /// The `index`-th oldest entry.
    private func entry(_ index: Int) -> Entry {
        precondition(index >= 0 && index < count, "ring index out of range")
        return slots[(head + index) % framesMax]!
    }

    /// Adds the newest frame, dropping the oldest ones until both limits hold. A frame larger than the whole budget
    /// empties the ring, so what it holds still ends at the durable LSN.
    mutating func push(_ frame: LogFrame, records: [FrameRecord]) {
        precondition(count == 0 || entry(count - 1).frame.header.nextLSN == frame.header.firstLSN, "ring gap")
        let cost = frame.bytes.count + records.reduce(0) { $0 + $1.payload.count }
        guard cost <= bytesMax else {
            removeAll()
            return
        }
        while count == framesMax || bytes + cost > bytesMax {
            removeOldest()
        }
        slots[(head + count) % framesMax] = Entry(frame: frame, records: records, cost: cost)
        count += 1
        bytes += cost
        precondition(count <= framesMax && bytes <= bytesMax, "ring over its limits")
    }

    /// The entries from the one holding `lsn` on, at most `framesMax` of them and (beyond the first) `bytesMax`
    /// bytes; nil when the ring does not hold `lsn`.
    func entries(from lsn: UInt64, framesMax batchFrames: Int, bytesMax batchBytes: Int) -> [Entry]? {
        guard count > 0, entry(0).frame.header.firstLSN <= lsn, lsn < entry(count - 1).frame.header.nextLSN else {
            return nil
        }
        var low = 0
        var high = count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if entry(middle).frame.header.firstLSN <= lsn { low = middle } else { high = middle - 1 }
        }
        var result: [Entry] = []
        var total = 0
        for index in low..<count {
            let next = entry(index)
            if !result.isEmpty && (result.count == batchFrames || total + next.cost > batchBytes) {
                break
            }
            result.append(next)
            total += next.cost
        }
        precondition(result[0].frame.header.firstLSN <= lsn && lsn < result[0].frame.header.nextLSN, "wrong frame")
        return result
    }

    private mutating func removeOldest() {
        precondition(count > 0, "removing from an empty ring")
        bytes -= slots[head]!.cost
        slots[head] = nil
        head = (head + 1) % framesMax
        count -= 1
    }

    private mutating func removeAll() {
        while count > 0 {
            removeOldest()
        }
        precondition(bytes == 0, "ring bytes miscounted")
    }
}
