import Synchronization

/// A value shared between test tasks (a settable clock, a tally).
public final class SharedValue<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    public init(_ initial: Value) { value = Mutex(initial) }

    /// Runs `body` on the value under its lock.
    public func update<T: Sendable>(_ body: @Sendable (inout Value) -> T) -> T { value.withLock { body(&$0) } }

    /// The value now.
    public var current: Value { value.withLock { $0 } }
}
