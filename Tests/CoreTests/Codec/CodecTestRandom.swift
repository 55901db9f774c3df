import Foundation

@testable import Core

/// SplitMix64, so that randomized codec tests replay from a printed seed.
///
/// The seed comes from `NAILBOOK_TEST_SEED` when set, otherwise it is fresh for every run; failing expectations
/// quote it.
struct CodecTestRandom: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64) {
        self.seed = seed
        self.state = seed
    }

    static func seeded() -> CodecTestRandom {
        if let text = ProcessInfo.processInfo.environment["NAILBOOK_TEST_SEED"], let seed = UInt64(text) {
            return CodecTestRandom(seed: seed)
        }
        return CodecTestRandom(seed: UInt64.random(in: UInt64.min...UInt64.max))
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

    /// True with probability `numerator / denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        below(denominator) < numerator
    }

    /// A uniformly random integer in `0..<upperBound`.
    mutating func below(_ upperBound: Int) -> Int {
        precondition(upperBound > 0, "empty range")
        return Int(next(upperBound: UInt64(upperBound)))
    }

    /// `count` uniformly random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }

    /// An identifier: small, large or at either end of 1 ..< 2^63.
    mutating func id<Kind>(_ kind: Kind.Type = Kind.self) -> Identifier<Kind> {
        switch below(8) {
        case 0: return Identifier(1)
        case 1: return Identifier((1 << 63) - 1)
        case 2, 3: return Identifier(UInt64.random(in: 1..<(1 << 63), using: &self))
        default: return Identifier(UInt64.random(in: 1...100_000, using: &self))
        }
    }

    /// An instant: a realistic one near 2026, or at either end of Int64.
    mutating func instant() -> Instant {
        switch below(10) {
        case 0: return Instant(secondsSinceEpoch: .min)
        case 1: return Instant(secondsSinceEpoch: .max)
        case 2: return Instant(secondsSinceEpoch: Int64(bitPattern: next()))
        default: return Instant(secondsSinceEpoch: 1_767_225_600 + Int64.random(in: -86_400...31_536_000, using: &self))
        }
    }

    /// An integer: small of either sign, or anywhere in Int's range.
    mutating func int() -> Int {
        switch below(6) {
        case 0: return .min
        case 1: return .max
        case 2: return Int(truncatingIfNeeded: next())
        default: return Int.random(in: -1_000...100_000, using: &self)
        }
    }

    /// Text: empty, ASCII, CJK and emoji, or random Unicode scalars.
    mutating func text() -> String {
        let samples = [
            "", "Gel manicure", "小美", "凝膠指甲 💅🏻", "👩‍👩‍👧‍👦", "e\u{301}", "\u{0}", String(repeating: "長", count: 300),
        ]
        if below(3) > 0 { return samples[below(samples.count)] }
        var scalars = String.UnicodeScalarView()
        for _ in 0..<below(24) {
            if let scalar = Unicode.Scalar(UInt32(below(0x11_0000))) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    /// nil a quarter of the time, else `make()`.
    mutating func optional<Value>(_ make: (inout CodecTestRandom) -> Value) -> Value? {
        below(4) == 0 ? nil : make(&self)
    }

    /// An element of a non-empty array.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        precondition(!elements.isEmpty, "nothing to pick")
        return elements[below(elements.count)]
    }
}
