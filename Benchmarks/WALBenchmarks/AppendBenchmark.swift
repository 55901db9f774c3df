import Core
import WAL

/// Figure 2: durable appends per second through `WriteAheadLog` with 1, 16 and 256 concurrent writers, with `.fsync`
/// and with `.none` durability; records per fsync against this machine's raw fsync rate; append-to-ack latency.
/// `append fsync 256` runs one configuration only (for profiling).
enum AppendBenchmark {
    static let writerCounts = [1, 16, 256]
    static let recordsPerSecondTarget = 100_000.0
    static let probeSeconds = 1.0

    static func run(arguments: [String]) async throws -> Figures {
        var configurations: [(WALOptions.Durability, Int)] = [.fsync, .none].flatMap { durability in
            writerCounts.map { (durability, $0) }
        }
        if arguments.count == 2, let writers = Int(arguments[1]), writers > 0, ["fsync", "none"].contains(arguments[0])
        {
            configurations = [(arguments[0] == "fsync" ? .fsync : .none, writers)]
        } else if !arguments.isEmpty {
            throw BenchmarkError("usage: WALBenchmarks append [fsync|none WRITERS]")
        }
        var figures = Figures(benchmark: "append")
        let scratch = try ScratchDirectory(under: "/tmp")
        defer { scratch.remove() }
        let probe = try FsyncProbe.measure(in: scratch.path, seconds: probeSeconds, mode: .append)
        figures.add("append.rawFsync.opsPerSecond", probe.operationsPerSecond)
        figures.add("append.rawFsync.p99Millis", Double(probe.latency.percentile(0.99)) / 1e6)
        print(
            "append: raw fsync probe (\(scratch.path), 1 s): \(grouped(probe.operationsPerSecond)) ops/s, "
                + "p50 \(millis(probe.latency.percentile(0.5))) ms, p99 \(millis(probe.latency.percentile(0.99))) ms")
        let factory = BookingFactory()
        let bookings = factory.bookings(count: 65_536, seed: 7)
        let recordBytes = bookings.reduce(0) { $0 + BookingFactory.record($1).count } / bookings.count
        print("append: records are booking-created events, mean \(recordBytes) bytes")
        for (durability, writers) in configurations {
            let folder = scratch.path + "/wal-\(durability)-\(writers)"
            let run = AppendRun(durability: durability, writers: writers)
            let result = try await run.run(in: folder, bookings: bookings, ids: factory.ids)
            report(result, durability: durability, writers: writers, probe: probe, into: &figures)
        }
        return figures
    }

    private static func report(
        _ result: AppendRun.Result, durability: WALOptions.Durability, writers: Int, probe: FsyncProbe.Result,
        into figures: inout Figures
    ) {
        let key = "append.\(durability).w\(writers)"
        let latency = result.latency
        figures.add(key + ".recordsPerSecond", result.recordsPerSecond)
        figures.add(key + ".recordsPerFrame", result.recordsPerFrame)
        figures.add(key + ".p50Millis", Double(latency.percentile(0.5)) / 1e6)
        figures.add(key + ".p99Millis", Double(latency.percentile(0.99)) / 1e6)
        figures.add(key + ".maxMillis", Double(latency.maxNanoseconds) / 1e6)
        figures.add(key + ".writerWriteShare", result.writeShare)
        var line =
            "append \(durability) \(writers) writer\(writers == 1 ? "" : "s"): "
            + "\(grouped(result.recordsPerSecond)) records/s, \(fixed(result.recordsPerFrame)) records/frame"
        if durability == .fsync {
            line += fsyncPart(result, probe: probe, key: key, into: &figures)
        }
        line +=
            "; writer in write() \(fixed(result.writeShare * 100))%, in fdatasync \(fixed(result.syncShare * 100))% "
            + "of the window; ack p50 \(millis(latency.percentile(0.5))) ms, p99 \(millis(latency.percentile(0.99))) "
            + "ms, max \(millis(latency.maxNanoseconds)) ms (\(grouped(Double(latency.count))) appends in "
            + "\(fixed(result.seconds, 2)) s)"
        if durability == .fsync && writers == 256 {
            let met = result.recordsPerSecond >= recordsPerSecondTarget
            line += " [target ≥ 100,000 records/s: \(met ? "met" : "MISSED")]"
        }
        if durability == .fsync && writers == 1 {
            // "One fsync" is the log's own fsyncs in the same window: the device's speed drifts between windows.
            let bound = result.fsyncLatency.percentile(0.99) + 1_000_000
            let met = latency.percentile(0.99) <= bound
            figures.add(key + ".p99TargetMillis", Double(bound) / 1e6)
            line += " [target p99 ≤ fsync p99 + 1 ms = \(millis(bound)) ms: \(met ? "met" : "MISSED")]"
        }
        print(line)
    }

    /// The batching figures of a `.fsync` run: records per fsync, against the raw fsync rate.
    private static func fsyncPart(
        _ result: AppendRun.Result, probe: FsyncProbe.Result, key: String, into figures: inout Figures
    ) -> String {
        let fsyncs = result.fsyncLatency
        figures.add(key + ".recordsPerFsync", result.recordsPerFsync)
        figures.add(key + ".fsyncsPerSecond", result.fsyncsPerSecond)
        figures.add(key + ".fsyncP50Millis", Double(fsyncs.percentile(0.5)) / 1e6)
        figures.add(key + ".fsyncP99Millis", Double(fsyncs.percentile(0.99)) / 1e6)
        figures.add(key + ".fsyncMeanMillis", fsyncs.meanNanoseconds / 1e6)
        figures.add(key + ".writerSyncShare", result.syncShare)
        return ", \(fixed(result.recordsPerFsync)) records/fsync (\(grouped(result.fsyncsPerSecond)) fsync/s, "
            + "fsync p50 \(millis(fsyncs.percentile(0.5))) ms, p99 \(millis(fsyncs.percentile(0.99))) ms, mean "
            + "\(fixed(fsyncs.meanNanoseconds / 1e6, 3)) ms; "
            + "\(fixed(result.recordsPerSecond / probe.operationsPerSecond))× the raw fsync rate)"
    }
}
