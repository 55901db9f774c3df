import Core
import WAL

/// Figure 4: how well LZ4 shrinks real booking records: 100,000 booking-created events, framed as group commit would
/// frame them at 1, 16 and 256 records per frame, through the log's own `FrameEncoder`.
enum CompressionBenchmark {
    static let recordCount = 100_000
    static let frameSizes = [1, 16, 256]

    static func run() -> Figures {
        var figures = Figures(benchmark: "compression")
        let records = BookingFactory().bookings(count: recordCount, seed: 11).map(BookingFactory.record)
        let recordBytes = records.reduce(0) { $0 + $1.count }
        print(
            "compression: \(grouped(Double(recordCount))) booking-created records, mean "
                + "\(fixed(Double(recordBytes) / Double(recordCount))) bytes")
        figures.add("compression.recordBytesMean", Double(recordBytes) / Double(recordCount))
        for size in frameSizes {
            var raw = 0
            var stored = 0
            var onDisk = 0
            var frames = 0
            var compressedFrames = 0
            let started = monotonicSeconds()
            for start in stride(from: 0, to: records.count, by: size) {
                let batch = Array(records[start..<min(start + size, records.count)])
                let frame = FrameEncoder.encode(
                    records: batch, firstLSN: UInt64(start + 1), epoch: 0, timestampMillis: 0, previousFrameCRC: 0,
                    compression: true)
                raw += Int(frame.header.rawLength)
                stored += Int(frame.header.storedLength)
                onDisk += frame.bytes.count
                frames += 1
                compressedFrames += frame.header.isCompressed ? 1 : 0
            }
            let seconds = monotonicSeconds() - started
            precondition(raw == recordBytes + FrameHeader.recordPrefixSize * recordCount, "raw payload miscounted")
            let ratio = Double(stored) / Double(raw)
            let key = "compression.frame\(size)"
            figures.add(key + ".storedOverRaw", ratio)
            figures.add(key + ".diskBytesPerRecord", Double(onDisk) / Double(recordCount))
            figures.add(key + ".encodeMBPerSecond", Double(raw) / seconds / 1e6)
            print(
                "compression \(size) record\(size == 1 ? "" : "s")/frame: payload \(grouped(Double(raw))) B raw → "
                    + "\(grouped(Double(stored))) B stored = \(fixed(ratio, 3)) stored/raw; "
                    + "\(fixed(Double(onDisk) / Double(recordCount))) B/record on disk with the "
                    + "\(FrameHeader.size)-byte frame header; \(compressedFrames) of \(frames) frames compressed; "
                    + "encode \(fixed(Double(raw) / seconds / 1e6)) MB/s")
        }
        return figures
    }
}
