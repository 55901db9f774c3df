import Synchronization

/// What to do with a request that carries an idempotency key.
enum IdempotencyDecision: Sendable {
    /// First time: go ahead, and remember the result under this record.
    case proceed(IdempotencyRecord)
    /// Seen before and it created this booking: answer with it.
    case replayCreated(BookingID)
    /// Seen before and it was rejected: answer the same.
    case replayRejected(Rejection)
    /// Not to be processed (another request in flight, or a different request under the same key).
    case refuse(Rejection)
}

/// Idempotency keys in memory: those in flight, and the outcomes of recent requests.
///
/// Successful creations are also remembered durably (in the booking's log record), so they survive a restart;
/// rejections are kept only in memory, because a rejected request changes no state and is not logged.
final class IdempotencyCache: Sendable {
    private enum Entry {
        case inFlight(fingerprint: UInt64)
        case created(fingerprint: UInt64, BookingID, expiresAt: Instant)
        case rejected(fingerprint: UInt64, Rejection, expiresAt: Instant)
    }

    private let entries = Mutex<[IdempotencyKey: Entry]>([:])

    /// Decides on a keyed request; `remembered` looks the key up in the durable state.
    func begin(
        _ key: IdempotencyKey,
        fingerprint: UInt64,
        now: Instant,
        remembered: (IdempotencyKey) -> Ledger.RememberedCreation?
    ) -> IdempotencyDecision {
        entries.withLock { entries in
            switch entries[key] {
            case .inFlight(let seen):
                return .refuse(seen == fingerprint ? Self.inUse : Self.conflict)
            case .created(let seen, let bookingID, let expiresAt) where now < expiresAt:
                return seen == fingerprint ? .replayCreated(bookingID) : .refuse(Self.conflict)
            case .rejected(let seen, let rejection, let expiresAt) where now < expiresAt:
                return seen == fingerprint ? .replayRejected(rejection) : .refuse(Self.conflict)
            default:
                break
            }
            if let durable = remembered(key), now < durable.expiresAt {
                return durable.fingerprint == fingerprint ? .replayCreated(durable.bookingID) : .refuse(Self.conflict)
            }
            entries[key] = .inFlight(fingerprint: fingerprint)
            let expiresAt = now + IdempotencyRecord.lifetimeSeconds
            return .proceed(IdempotencyRecord(key: key, fingerprint: fingerprint, expiresAt: expiresAt))
        }
    }

    /// Records the outcome of a request that was allowed to proceed.
    func finish(_ record: IdempotencyRecord, with outcome: Result<Booking, Rejection>) {
        entries.withLock { entries in
            switch outcome {
            case .success(let booking):
                entries[record.key] = .created(fingerprint: record.fingerprint, booking.id, expiresAt: record.expiresAt)
            case .failure(let rejection):
                entries[record.key] = .rejected(
                    fingerprint: record.fingerprint,
                    rejection,
                    expiresAt: record.expiresAt
                )
            }
        }
    }

    /// Forgets a request that failed for lack of durability, so that a retry runs again.
    func abandon(_ record: IdempotencyRecord) { _ = entries.withLock { $0.removeValue(forKey: record.key) } }

    /// Drops outcomes whose keys expired by `now`.
    func sweep(now: Instant) {
        entries.withLock { entries in
            entries = entries.filter { _, entry in
                switch entry {
                case .inFlight: return true
                case .created(_, _, let expiresAt), .rejected(_, _, let expiresAt): return now < expiresAt
                }
            }
        }
    }

    private static let inUse = Rejection(
        .idempotencyKeyInUse,
        "a request with this idempotency key is still being processed",
        field: "Idempotency-Key"
    )
    private static let conflict = Rejection(
        .idempotencyConflict,
        "this idempotency key was used with a different request",
        field: "Idempotency-Key"
    )
}
