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
///
/// Bounded: at most `finishedMax` outcomes are kept; past it the oldest is forgotten (a later retry of a rejected
/// request is then decided again, which is what a restart does too). Keys in flight are bounded by the requests in
/// flight.
final class IdempotencyCache: Sendable {
    private enum Entry {
        case inFlight(fingerprint: UInt64)
        case created(fingerprint: UInt64, BookingID, expiresAt: Instant)
        case rejected(fingerprint: UInt64, Rejection, expiresAt: Instant)

        var isFinished: Bool {
            if case .inFlight = self { return false }
            return true
        }

        var expiresAt: Instant? {
            switch self {
            case .inFlight: return nil
            case .created(_, _, let expiresAt), .rejected(_, _, let expiresAt): return expiresAt
            }
        }
    }

    /// The entries, and the finished keys in the order they finished (which is expiry order: every outcome lives
    /// `IdempotencyRecord.lifetimeSeconds`), to forget the oldest first.
    private struct Entries {
        var byKey: [IdempotencyKey: Entry] = [:]
        var inFlightCount = 0
        var finishedOrder: [IdempotencyKey] = []
        var finishedOrderHead = 0

        var finishedCount: Int { byKey.count - inFlightCount }
    }

    /// The most outcomes kept.
    let finishedMax: Int
    private let entries = Mutex(Entries())

    /// A cache keeping at most `finishedMax` outcomes.
    init(finishedMax: Int = 100_000) {
        precondition(finishedMax > 0, "the cache keeps at least one outcome")
        self.finishedMax = finishedMax
    }

    /// How many outcomes and in-flight keys it holds.
    var count: (finished: Int, inFlight: Int) {
        entries.withLock { ($0.finishedCount, $0.inFlightCount) }
    }

    /// Decides on a keyed request; `remembered` looks the key up in the durable state.
    func begin(
        _ key: IdempotencyKey,
        fingerprint: UInt64,
        now: Instant,
        remembered: (IdempotencyKey) -> Ledger.RememberedCreation?
    ) -> IdempotencyDecision {
        entries.withLock { entries in
            switch entries.byKey[key] {
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
            if let previous = entries.byKey.updateValue(.inFlight(fingerprint: fingerprint), forKey: key) {
                precondition(previous.isFinished, "a key in flight was started again")
            }
            entries.inFlightCount += 1
            let expiresAt = now + IdempotencyRecord.lifetimeSeconds
            return .proceed(IdempotencyRecord(key: key, fingerprint: fingerprint, expiresAt: expiresAt))
        }
    }

    /// Records the outcome of a request that was allowed to proceed; forgets the oldest outcome past the cap.
    func finish(_ record: IdempotencyRecord, with outcome: Result<Booking, Rejection>) {
        entries.withLock { entries in
            let previous = entries.byKey[record.key]
            precondition(previous.map { !$0.isFinished } == true, "an outcome for a key not in flight")
            switch outcome {
            case .success(let booking):
                entries.byKey[record.key] = .created(
                    fingerprint: record.fingerprint, booking.id, expiresAt: record.expiresAt)
            case .failure(let rejection):
                entries.byKey[record.key] = .rejected(
                    fingerprint: record.fingerprint,
                    rejection,
                    expiresAt: record.expiresAt
                )
            }
            entries.inFlightCount -= 1
            entries.finishedOrder.append(record.key)
            while entries.finishedCount > finishedMax {
                Self.forgetOldest(&entries)
            }
            Self.compact(&entries)
            precondition(entries.finishedCount <= finishedMax && entries.inFlightCount >= 0, "cache over its cap")
        }
    }

    /// Forgets a request that failed for lack of durability, so that a retry runs again.
    func abandon(_ record: IdempotencyRecord) {
        entries.withLock { entries in
            guard let entry = entries.byKey[record.key], !entry.isFinished else {
                preconditionFailure("abandon of a key not in flight")
            }
            entries.byKey[record.key] = nil
            entries.inFlightCount -= 1
        }
    }

    /// Drops outcomes whose keys expired by `now`.
    func sweep(now: Instant) {
        entries.withLock { entries in
            entries.byKey = entries.byKey.filter { _, entry in entry.expiresAt.map { now < $0 } ?? true }
            while entries.finishedOrderHead < entries.finishedOrder.count,
                entries.byKey[entries.finishedOrder[entries.finishedOrderHead]]?.isFinished != true
            {
                entries.finishedOrderHead += 1
            }
            Self.compact(&entries)
        }
    }

    /// Removes the finished entry at the head of the order (skipping keys already gone or in flight again).
    private static func forgetOldest(_ entries: inout Entries) {
        precondition(entries.finishedOrderHead < entries.finishedOrder.count, "finished entries missing from order")
        let key = entries.finishedOrder[entries.finishedOrderHead]
        entries.finishedOrderHead += 1
        if entries.byKey[key]?.isFinished == true { entries.byKey[key] = nil }
    }

    /// Keeps the order list within twice the entries it describes: drops its consumed head, and rebuilds it from
    /// the entries (in expiry order) when keys swept out of its middle made it long.
    private static func compact(_ entries: inout Entries) {
        if entries.finishedOrderHead > 0 && entries.finishedOrderHead * 2 >= entries.finishedOrder.count {
            entries.finishedOrder.removeFirst(entries.finishedOrderHead)
            entries.finishedOrderHead = 0
        }
        if entries.finishedOrder.count - entries.finishedOrderHead > 2 * entries.finishedCount + 16 {
            entries.finishedOrder = entries.byKey.compactMap { key, entry in entry.expiresAt.map { (key, $0) } }
                .sorted { $0.1 < $1.1 }.map(\.0)
            entries.finishedOrderHead = 0
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
