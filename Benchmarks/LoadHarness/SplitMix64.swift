import Core

/// The harness's seeded choices use the project's one SplitMix64 (in Core), plus an index helper.
extension SplitMix64 {
    /// A uniformly chosen index in `0..<count`.
    mutating func index(_ count: Int) -> Int { below(count) }
}
