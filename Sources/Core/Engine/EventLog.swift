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
