/// A small, fast, seeded generator (SplitMix64), so a run can be repeated with `--seed`.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (bound > 0); the modulo bias is negligible for the small bounds used here.
    mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "an empty range has no member")
        return next() % bound
    }

    /// An index into a collection of `count` elements.
    mutating func index(_ count: Int) -> Int { Int(next(below: UInt64(count))) }
}
