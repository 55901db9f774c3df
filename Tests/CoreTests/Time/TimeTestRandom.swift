import Foundation

/// SplitMix64, so that randomized time tests replay from a printed seed.
///
/// The seed comes from `NAILBOOK_TEST_SEED` when set, otherwise it is fresh for every run; failing expectations
/// quote it.
struct TimeTestRandom: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    static func seeded() -> TimeTestRandom {
        if let text = ProcessInfo.processInfo.environment["NAILBOOK_TEST_SEED"], let seed = UInt64(text) {
            return TimeTestRandom(seed: seed)
        }
        return TimeTestRandom(seed: UInt64.random(in: UInt64.min...UInt64.max))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// "seed N (rerun with NAILBOOK_TEST_SEED=N)", for failure messages.
    var replay: String {
        "seed \(seed) (rerun with NAILBOOK_TEST_SEED=\(seed))"
    }
}
