import Synchronization

/// Hands out identifiers: increasing, unique within this process's log, seeded past every id already used.
public final class IdentifierGenerator: Sendable {
    private let last: Atomic<UInt64>

    /// Starts after `floor` (the largest id in the loaded state, or a time-based value).
    public init(after floor: UInt64) { last = Atomic(floor) }

    /// Moves past `floor` if it is not already past it (a promoted follower, which must not reuse its old
    /// leader's ids).
    public func raise(past floor: UInt64) {
        precondition(floor < 1 << 63, "identifier space exhausted")
        _ = last.max(floor, ordering: .relaxed)
    }

    /// The next raw identifier value.
    public func next() -> UInt64 {
        let value = last.wrappingAdd(1, ordering: .relaxed).newValue
        precondition(value < 1 << 63, "identifier space exhausted")
        return value
    }
}
