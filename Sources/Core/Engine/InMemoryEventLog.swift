import Synchronization

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
