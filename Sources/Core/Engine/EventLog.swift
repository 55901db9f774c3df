import Synchronization

/// Where the engine makes its changes durable: the write-ahead log in production, memory in tests.
///
/// The contract every log keeps: `append` returns only after the event is durable **and** has been passed to the
/// log's applier; the applier sees events one at a time in LSN order. Once an append fails, every later append
/// fails too (a failed fsync is never retried).
public protocol EventLog: Sendable {
    /// Makes `event` durable and applies it; returns its LSN.
    func append(_ event: EngineEvent) async throws(DurabilityError) -> LSN
}

/// Receives durable events in LSN order and applies them to the engine's state.
public typealias EventApplier = @Sendable (_ event: EngineEvent, _ lsn: LSN) -> Void

/// A log that keeps events in memory: for tests, benchmarks, and `--durability none`-style experiments.
public final class InMemoryEventLog: EventLog {
    private struct State {
        var lastLSN: LSN = 0
        var events: [EngineEvent] = []
        var failure: DurabilityError?
        var appendsBeforeFailure: Int?
        var refusals: [DurabilityError] = []
    }

    private let state = Mutex(State())
    private let applier: EventApplier
    private let keepsEvents: Bool

    /// Creates a log that hands every event to `applier`; `keepsEvents` records them for ``events``.
    public init(keepsEvents: Bool = false, applier: @escaping EventApplier) {
        self.keepsEvents = keepsEvents
        self.applier = applier
    }

    public func append(_ event: EngineEvent) async throws(DurabilityError) -> LSN {
        let result: Result<LSN, DurabilityError> = state.withLock { state in
            if !state.refusals.isEmpty, state.failure == nil { return .failure(state.refusals.removeFirst()) }
            if state.failure == nil, let remaining = state.appendsBeforeFailure {
                if remaining == 0 {
                    state.failure = DurabilityError(.outcomeUnknown, reason: "injected failure")
                } else {
                    state.appendsBeforeFailure = remaining - 1
                }
            }
            if let failure = state.failure { return .failure(failure) }
            state.lastLSN += 1
            if keepsEvents { state.events.append(event) }
            applier(event, state.lastLSN)  // under the lock: application order is LSN order
            return .success(state.lastLSN)
        }
        return try result.get()
    }

    /// Every event appended so far (when created with `keepsEvents`).
    public var events: [EngineEvent] { state.withLock { $0.events } }

    /// The LSN of the last durable event.
    public var lastLSN: LSN { state.withLock { $0.lastLSN } }

    /// Makes every append after the next `count` fail, as a failed fsync would.
    public func failAfter(appends count: Int) { state.withLock { $0.appendsBeforeFailure = count } }

    /// Refuses the next append with `error` and writes nothing (as a full queue or a closing log would); later
    /// appends go on as before.
    public func refuseNext(with error: DurabilityError) { state.withLock { $0.refusals.append(error) } }
}

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
