import Core
import Synchronization

/// Limits sign-in attempts, per sign-in name and per client address, in memory.
///
/// Five wrong passwords in a row lock a name for 15 minutes; 30 failures from one address within 15 minutes lock
/// the address. Names that belong to no account are counted the same way, so the answers never tell whether an
/// account exists. A restart forgets the counts (an attacker gains at most one more round per restart).
final class SignInThrottle: Sendable {
    /// Failures in a row that lock a name.
    static let failuresPerName = 5
    /// Failures within the window that lock an address.
    static let failuresPerAddress = 30
    /// How long a lock lasts, and the window failures are counted in.
    static let lockSeconds: Int64 = 15 * 60
    /// Entries kept at most (oldest dropped first), so a flood of names cannot grow memory without bound.
    static let capacity = 100_000

    private struct Counter {
        var failures: Int
        var since: Instant
        var lockedUntil: Instant?
    }

    private let counters = Mutex<[String: Counter]>([:])

    init() {}

    /// When the name or the address is locked at `now`, the instant the lock ends.
    func lockedUntil(login: String, address: String, now: Instant) -> Instant? {
        counters.withLock { counters in
            [Self.nameKey(login), Self.addressKey(address)].compactMap { key -> Instant? in
                guard let until = counters[key]?.lockedUntil, now < until else { return nil }
                return until
            }.max()
        }
    }

    /// Records a wrong name or password.
    func recordFailure(login: String, address: String, now: Instant) {
        counters.withLock { counters in
            if counters.count >= Self.capacity {
                let expired = counters.filter { $0.value.since + Self.lockSeconds <= now }.map(\.key)
                for key in expired { counters[key] = nil }
                if counters.count >= Self.capacity, let oldest = counters.min(by: { $0.value.since < $1.value.since }) {
                    counters[oldest.key] = nil
                }
            }
            for (key, limit) in [
                (Self.nameKey(login), Self.failuresPerName), (Self.addressKey(address), Self.failuresPerAddress),
            ] {
                var counter = counters[key] ?? Counter(failures: 0, since: now, lockedUntil: nil)
                if now >= counter.since + Self.lockSeconds || counter.lockedUntil.map({ now >= $0 }) == true {
                    counter = Counter(failures: 0, since: now, lockedUntil: nil)
                }
                counter.failures += 1
                if counter.failures >= limit { counter.lockedUntil = now + Self.lockSeconds }
                counters[key] = counter
            }
        }
    }

    /// Clears the name's count after a good sign-in (the address keeps its count).
    func recordSuccess(login: String) {
        _ = counters.withLock { $0.removeValue(forKey: Self.nameKey(login)) }
    }

    private static func nameKey(_ login: String) -> String { "n:" + login.lowercased() }
    private static func addressKey(_ address: String) -> String { "a:" + address }
}
