import Core

/// The WAL tests' random helpers, on the project's one seeded generator (Core's SplitMix64).
extension SplitMix64 {
    /// A uniformly random integer in `0..<upperBound`.
    mutating func int(_ upperBound: Int) -> Int { below(upperBound) }

    /// `count` bytes of text-like data drawn from a few words, which LZ4 compresses well.
    mutating func compressibleBytes(_ count: Int) -> [UInt8] {
        let words = ["booking ", "staff ", "slot ", "confirmed ", "hold ", "2025-06-01T10:00 ", "manicure ", "gel "]
        var result: [UInt8] = []
        result.reserveCapacity(count + 32)
        while result.count < count {
            result.append(contentsOf: words[int(words.count)].utf8)
        }
        return Array(result.prefix(count))
    }
}
