import Core
import WAL

/// The engine's ``EventLog`` on the write-ahead log: each event is encoded into one record; the log applies it to
/// the state once it is durable, on the writer, in LSN order, before the appender resumes.
public final class EngineLog: EventLog {
    /// The log underneath.
    public let wal: WriteAheadLog

    init(wal: WriteAheadLog) { self.wal = wal }

    public func append(_ event: EngineEvent) async throws(DurabilityError) -> LSN {
        do {
            return try await wal.append(EventCodec.encode(event))
        } catch  where error.code == .readOnlyReplica {
            throw DurabilityError.readOnlyReplica
        } catch  where error.code == .fenced {
            throw DurabilityError(.notLeader, reason: error.message, leaderURL: wal.fence?.leaderURL)
        } catch {
            throw Self.durabilityError(for: error)
        }
    }

    /// What an append's failure means to the engine: only a failed log leaves the outcome unknown; a full queue,
    /// a closing log or a record too large wrote nothing.
    static func durabilityError(for error: WALError) -> DurabilityError {
        switch error.code {
        case .overloaded: return DurabilityError(.overloaded, reason: error.message)
        case .closed: return DurabilityError(.closed, reason: error.message)
        case .recordTooLarge: return DurabilityError(.tooLarge, reason: error.message)
        default: return DurabilityError(.outcomeUnknown, reason: error.message)
        }
    }

    /// The `onDurable` callback that applies each durable record to `store`.
    static func applier(into store: StateStore) -> @Sendable (UInt64, [UInt8]) -> Void {
        { lsn, payload in
            do {
                store.apply(try EventCodec.decode(payload), lsn: lsn)
            } catch {
                preconditionFailure("a record the engine just encoded does not decode: \(error)")
            }
        }
    }
}
