import Core
import Synchronization
import WAL

/// One append configuration: `writers` tasks, each appending one booking-created record at a time through a
/// `WriteAheadLog` on `PosixStorage` (real files, timed by `TimedStorage`), for a warm-up and then a measured window.
/// Throughput and batching come from the log's own counters over the window; each append's call-to-return latency
/// goes in a histogram.
struct AppendRun {
    /// What the window measured.
    struct Result {
        var seconds: Double
        var records: UInt64
        var frames: UInt64
        var fsyncs: UInt64
        /// Call-to-return of appends started in the window.
        var latency: LatencyHistogram
        /// Durations of the log's own fsyncs in the window.
        var fsyncLatency: LatencyHistogram
        /// Share of the window the writer spent in `write` and in `fdatasync`.
        var writeShare: Double
        var syncShare: Double
        var recordsPerSecond: Double { Double(records) / seconds }
        var recordsPerFrame: Double { frames == 0 ? 0 : Double(records) / Double(frames) }
        var recordsPerFsync: Double { fsyncs == 0 ? 0 : Double(records) / Double(fsyncs) }
        var fsyncsPerSecond: Double { Double(fsyncs) / seconds }
    }

    /// Warm-up, measuring, stopped: read by every writer before each append.
    final class Phase: Sendable {
        static let warmingUp = 0
        static let measuring = 1
        static let stopped = 2
        let value = Atomic<Int>(Phase.warmingUp)
        var current: Int { value.load(ordering: .relaxed) }
    }

    var durability: WALOptions.Durability
    var writers: Int
    var warmupSeconds = 0.5
    var measureSeconds = 3.0

    func run(in directory: String, bookings: [Booking], ids: IdentifierGenerator) async throws -> Result {
        precondition(writers > 0 && !bookings.isEmpty, "a run needs writers and records")
        let phase = Phase()
        let fsyncLatency = Mutex(LatencyHistogram())
        var options = WALOptions()
        options.durability = durability
        options.fsyncDurationObserver = { seconds in
            guard phase.current == Phase.measuring else { return }
            fsyncLatency.withLock { $0.record(UInt64(seconds * 1e9)) }
        }
        let storage = TimedStorage()
        let (log, recovery) = try WriteAheadLog.open(directory: directory, storage: storage, options: options) {
            _, _ in
        }
        precondition(recovery.lastLSN == 0, "the run's log must start empty")
        let (latency, window) = try await withThrowingTaskGroup(of: LatencyHistogram.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    try await Self.write(
                        writer: writer, of: writers, bookings: bookings, ids: ids, log: log, phase: phase)
                }
            }
            try await Task.sleep(for: .seconds(warmupSeconds))
            let before = (log.metrics, monotonicSeconds(), storage.totals)
            phase.value.store(Phase.measuring, ordering: .relaxed)
            try await Task.sleep(for: .seconds(measureSeconds))
            let after = (log.metrics, monotonicSeconds(), storage.totals)
            phase.value.store(Phase.stopped, ordering: .relaxed)
            var merged = LatencyHistogram()
            for try await histogram in group { merged.merge(histogram) }
            return (merged, (before, after))
        }
        await log.close()
        let (before, after) = window
        precondition(after.0.recordsWritten >= before.0.recordsWritten, "record counter went backwards")
        let seconds = after.1 - before.1
        return Result(
            seconds: seconds,
            records: after.0.recordsWritten - before.0.recordsWritten,
            frames: after.0.framesWritten - before.0.framesWritten,
            fsyncs: after.0.fsyncCount - before.0.fsyncCount,
            latency: latency,
            fsyncLatency: fsyncLatency.withLock { $0 },
            writeShare: (after.2.appendSeconds - before.2.appendSeconds) / seconds,
            syncShare: (after.2.syncSeconds - before.2.syncSeconds) / seconds
        )
    }

    /// One writer: encode a booking (with a fresh id) as the engine would, append it, time the append; until stopped.
    private static func write(
        writer: Int, of writers: Int, bookings: [Booking], ids: IdentifierGenerator, log: WriteAheadLog, phase: Phase
    ) async throws -> LatencyHistogram {
        var latency = LatencyHistogram()
        var index = writer
        while true {
            let current = phase.current
            if current == Phase.stopped { break }
            var booking = bookings[index % bookings.count]
            index += writers
            booking.id = BookingID(ids.next())
            let record = BookingFactory.record(booking)
            let started = monotonicNanoseconds()
            _ = try await log.append(record)
            if current == Phase.measuring { latency.record(monotonicNanoseconds() - started) }
        }
        return latency
    }
}
