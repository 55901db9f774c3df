import Benchmark
import Core
import Node
import WAL

/// Micro-benchmarks of the write-ahead log (ordo-one/benchmark): the codec and LZ4 on one booking-created record,
/// raw fsync, appends through `WriteAheadLog` (in memory, to the page cache, durable) at 1/16/256 writers, and
/// snapshot encode/write/load of 1,000,000 bookings. `swift package benchmark --target WALMicro`; figures in
/// BENCHMARKS.md ("Micro-benchmarks").
let benchmarks: @Sendable () -> Void = {
    let recordConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 2_000
    )
    registerRecordBenchmarks(recordConfiguration)
    registerFsyncBenchmark()
    for medium in [AppendFixture.Medium.memory, .pageCache, .disk] {
        for writers in [1, 16, 256] where medium != .pageCache || writers == 256 {
            registerAppendBenchmark(medium: medium, writers: writers)
        }
    }
    registerSnapshotBenchmarks()
}

/// EventCodec and LZ4 on one typical booking-created record, 1,000 times per iteration.
private func registerRecordBenchmarks(_ configuration: Benchmark.Configuration) {
    Benchmark("EventCodec encode booking-created", configuration: configuration) { benchmark, booking in
        for _ in benchmark.scaledIterations { blackHole(RecordFixture.record(booking)) }
    } setup: {
        RecordFixture.typicalBooking()
    }
    Benchmark("EventCodec decode booking-created", configuration: configuration) { benchmark, record in
        for _ in benchmark.scaledIterations { blackHole(try EventCodec.decode(record)) }
    } setup: {
        RecordFixture.record(RecordFixture.typicalBooking())
    }
    // The record's size before and after LZ4 go along as two more figures.
    let rawBytes = BenchmarkMetric.custom("record bytes, raw", useScalingFactor: false)
    let storedBytes = BenchmarkMetric.custom("record bytes, LZ4", useScalingFactor: false)
    var sized = configuration
    sized.metrics += [rawBytes, storedBytes]
    Benchmark("LZ4 encode booking-created record", configuration: sized) { benchmark, record in
        var compressed: [UInt8]?
        for _ in benchmark.scaledIterations {
            compressed = LZ4Block.compress(record)
            blackHole(compressed)
        }
        benchmark.measurement(rawBytes, record.count)
        benchmark.measurement(storedBytes, compressed?.count ?? record.count)
    } setup: {
        RecordFixture.record(RecordFixture.typicalBooking())
    }
    Benchmark("LZ4 decode booking-created record", configuration: configuration) {
        (benchmark: Benchmark, compressed: (bytes: [UInt8], rawLength: Int)) in
        for _ in benchmark.scaledIterations {
            blackHole(try LZ4Block.decompress(compressed.bytes, rawLength: compressed.rawLength))
        }
    } setup: {
        let record = RecordFixture.record(RecordFixture.typicalBooking())
        return (bytes: LZ4Block.compress(record)!, rawLength: record.count)
    }
}

/// What the disk gives without the log: a 100-byte append and `fdatasync` on one file, one per iteration.
private func registerFsyncBenchmark() {
    let folder = FixtureSlot<(ScratchDirectory, StorageFile)>()
    Benchmark(
        "fsync: 100-byte append + fdatasync (/tmp)",
        configuration: .init(
            metrics: [.wallClock, .throughput], timeUnits: .microseconds, warmupIterations: 5, scalingFactor: .one,
            maxDuration: .seconds(3), maxIterations: 5_000)
    ) { _, file in
        let storage = PosixStorage()
        let bytes = [UInt8](repeating: 0x4E, count: 100)
        do {
            _ = try bytes.withUnsafeBytes { try storage.append(file, $0) }
            try storage.syncFile(file)
        } catch {
            preconditionFailure("fsync probe failed: \(error)")
        }
    } setup: {
        let scratch = try ScratchDirectory(under: "/tmp")
        let file = try PosixStorage().openFile(scratch.path + "/probe", create: true)
        folder.value = (scratch, file)
        return file
    } teardown: {
        guard let (scratch, file) = folder.value else { return }
        PosixStorage().close(file)
        scratch.remove()
    }
}

/// `writers` tasks appending through one log; an iteration is `writers × appendsPerWriter` appends. Wall clock and
/// throughput are per iteration; "append latency" is every single append's call-to-return time.
private func registerAppendBenchmark(medium: AppendFixture.Medium, writers: Int) {
    let appendsPerWriter = writers == 1 ? (medium == .disk ? 50 : 2_000) : (medium == .disk ? 16 : 100)
    let appends = writers * appendsPerWriter
    let latency = BenchmarkMetric.custom("append latency (ns)", polarity: .prefersSmaller, useScalingFactor: false)
    let rate = BenchmarkMetric.custom("appends per second", polarity: .prefersLarger, useScalingFactor: false)
    let fixture = FixtureSlot<AppendFixture>()
    Benchmark(
        "WAL append \(medium.rawValue), \(writers) writer\(writers == 1 ? "" : "s")",
        configuration: .init(
            metrics: [.wallClock, latency, rate], timeUnits: .milliseconds, warmupIterations: 2, scalingFactor: .one,
            maxDuration: .seconds(medium == .disk ? 6 : 3), maxIterations: 500)
    ) { (benchmark: Benchmark, log: AppendFixture) in
        let started = ContinuousClock.now
        let latencies: [UInt64]
        do {
            latencies = try await log.appendConcurrently(writers: writers, appends: appends)
        } catch {
            preconditionFailure("append failed: \(error)")
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        benchmark.stopMeasurement()
        benchmark.measurement(rate, Int((Double(appends) / seconds).rounded()))
        for nanoseconds in latencies { benchmark.measurement(latency, Int(nanoseconds)) }
    } setup: {
        let opened = try AppendFixture(medium: medium)
        fixture.value = opened
        return opened
    } teardown: {
        await fixture.value?.close()
    }
}

/// Snapshot of 1,000,000 bookings: encoding alone, the crash-safe write through `SnapshotStore` (encode, LZ4,
/// CRC, temp file, fsync, rename, directory fsync), and the load (read, CRC, LZ4, decode).
private func registerSnapshotBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .peakMemoryResidentDelta],
        timeUnits: .milliseconds, warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(15),
        maxIterations: 10)
    Benchmark("Snapshot encode, 1M bookings (in memory)", configuration: configuration) { _, state in
        blackHole(SnapshotCodec.encode(state).count)
    } setup: {
        try await SnapshotFixture.state()
    }
    let writeFolder = FixtureSlot<SnapshotFolder>()
    let fileBytes = BenchmarkMetric.custom("snapshot file bytes", useScalingFactor: false)
    var sized = configuration
    sized.metrics.append(fileBytes)
    Benchmark("Snapshot write, 1M bookings (/tmp, fsync)", configuration: sized) {
        (benchmark: Benchmark, folder: SnapshotFolder) in
        do {
            let bytes = try folder.store.write(folder.state!, timestampMillis: 0)
            benchmark.measurement(fileBytes, bytes)
        } catch {
            preconditionFailure("snapshot write failed: \(error)")
        }
    } setup: {
        let folder = try await SnapshotFolder.make(keepingState: true)
        writeFolder.value = folder
        return folder
    } teardown: {
        writeFolder.value?.scratch.remove()
    }
    let loadFolder = FixtureSlot<SnapshotFolder>()
    Benchmark("Snapshot load, 1M bookings (/tmp)", configuration: configuration) {
        (_: Benchmark, folder: SnapshotFolder) in
        let loaded: Result<EngineState, SnapshotError>
        do {
            loaded = try folder.store.load(lsn: folder.lsn)
        } catch {
            preconditionFailure("snapshot read failed: \(error)")
        }
        guard case .success(let state) = loaded, state.ledger.bookings.count == SnapshotFixture.bookingCount else {
            preconditionFailure("snapshot did not load whole")
        }
    } setup: {
        let folder = try await SnapshotFolder.make(keepingState: false)
        loadFolder.value = folder
        return folder
    } teardown: {
        loadFolder.value?.scratch.remove()
    }
}
