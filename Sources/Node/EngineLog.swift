import Core
import WAL

/// The engine's ``EventLog`` on the write-ahead log: each event is encoded into one record; the log applies it to
/// the state once it is durable, on the writer, in LSN order, before the appender resumes.
public final class EngineLog: EventLog {
    /// The log underneath.
    public let wal: WriteAheadLog

    /// The leadership lease that must allow a local append, if the node has one.
    let lease: WriteLease?

    init(wal: WriteAheadLog, lease: WriteLease? = nil) {
        self.wal = wal
        self.lease = lease
    }

    public func append(_ event: EngineEvent) async throws(DurabilityError) -> LSN {
        if let lease, !lease.allowsWrites {
            throw DurabilityError(
                .notLeader, reason: "this node does not hold the group's leadership lease: nothing was written",
                leaderURL: nil)
        }
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
