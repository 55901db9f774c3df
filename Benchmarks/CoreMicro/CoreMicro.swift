import Benchmark
import Core

/// Micro-benchmarks of the booking core (ordo-one/benchmark): the interval tree's insert and overlap query at three
/// tree sizes, and availability for one merchant-day. `swift package benchmark --target CoreMicro`; figures in
/// BENCHMARKS.md ("Micro-benchmarks").
let benchmarks: @Sendable () -> Void = {
    let fast = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 2_000
    )

    for size in TreeFixture.sizes {
        // 1,000 inserts per iteration, each timed batch removed again outside the measurement, so every batch
        // starts from `size` entries (and ends at size + 1,000).
        Benchmark("IntervalTree insert (tree of \(size))", configuration: fast) { benchmark, fixture in
            fixture.measureInsertBatch(benchmark)
        } setup: {
            TreeFixture(size: size, seed: 1)
        }

    }
    // An empty tree answers in a few nanoseconds: only the filled sizes are worth a figure.
    for size in TreeFixture.sizes where size > 0 {
        Benchmark("IntervalTree overlap query (tree of \(size))", configuration: fast) { benchmark, fixture in
            blackHole(fixture.queryBatch())
        } setup: {
            TreeFixture(size: size, seed: 2)
        }
    }

    Benchmark(
        "Availability, one merchant-day (10 staff, half full)",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            timeUnits: .microseconds,
            warmupIterations: 100,
            scalingFactor: .one,
            maxDuration: .seconds(2),
            maxIterations: 20_000
        )
    ) { benchmark, fixture in
        blackHole(await fixture.query())
    } setup: {
        try await AvailabilityFixture.make()
    }
}
