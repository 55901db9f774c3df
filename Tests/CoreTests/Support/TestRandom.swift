import Core
import Foundation

/// The seeded generators of the Core tests: all SplitMix64.
typealias TimeTestRandom = SplitMix64
typealias CodecTestRandom = SplitMix64
typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    /// Seeded from `NAILBOOK_TEST_SEED` when set, otherwise fresh for every run; failures quote ``replay``.
    static func seeded() -> SplitMix64 {
        if let text = ProcessInfo.processInfo.environment["NAILBOOK_TEST_SEED"], let seed = UInt64(text) {
            return SplitMix64(seed: seed)
        }
        return SplitMix64(seed: UInt64.random(in: UInt64.min...UInt64.max))
    }

    /// "seed N (rerun with NAILBOOK_TEST_SEED=N)", for failure messages.
    var replay: String { "seed \(seed) (rerun with NAILBOOK_TEST_SEED=\(seed))" }

    /// A value in `range`.
    mutating func int64(in range: Range<Int64>) -> Int64 {
        range.lowerBound + Int64(below(Int(range.upperBound - range.lowerBound)))
    }
}
