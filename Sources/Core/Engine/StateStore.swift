import Synchronization

/// The engine's state behind a lock: synchronous reads for queries, in-order writes from the log's applier.
public final class StateStore: Sendable {
    private let state: Mutex<EngineState>
    /// Readers waiting for an LSN to be applied (read-your-writes).
    public let appliedWatch: AppliedLSNWatch

    /// Wraps a state (empty, or loaded from a snapshot and replay).
    public init(_ initial: EngineState = EngineState()) {
        state = Mutex(initial)
        appliedWatch = AppliedLSNWatch(applied: initial.appliedLSN)
    }

    /// The LSN of the last event applied to the state.
    public var appliedLSN: LSN { read { $0.appliedLSN } }

    /// Runs `body` with the current state.
    public func read<T>(_ body: (borrowing EngineState) -> T) -> T {
        state.withLock { body($0) }
    }

    /// Applies a durable event. An event that does not fit is a bug or a damaged log: stop rather than diverge.
    public func apply(_ event: EngineEvent, lsn: LSN) {
        state.withLock { state in
            do throws(InconsistentEvent) {
                try state.apply(event, lsn: lsn)
            } catch {
                preconditionFailure("\(error)")
            }
        }
        appliedWatch.advance(to: lsn)
    }

    /// Applies an event read back from the log at start-up; a misfit is reported, not fatal, so the operator
    /// learns which record is damaged.
    public func applyReplayed(_ event: EngineEvent, lsn: LSN) throws(InconsistentEvent) {
        try state.withLock { state throws(InconsistentEvent) in try state.apply(event, lsn: lsn) }
        appliedWatch.advance(to: lsn)
    }

    /// Replaces the whole state (a follower that loaded its leader's snapshot).
    public func replace(with newState: EngineState) {
        state.withLock { $0 = newState }
        appliedWatch.advance(to: newState.appliedLSN)
    }

    /// A copy of the whole state (copy-on-write: cheap until the next change).
    public func snapshot() -> EngineState { state.withLock { $0 } }
}
