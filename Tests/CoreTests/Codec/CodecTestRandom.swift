import Foundation

@testable import Core

/// Random domain values for the codec tests.
extension SplitMix64 {
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
