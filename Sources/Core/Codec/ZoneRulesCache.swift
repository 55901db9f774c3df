import Synchronization

/// Zone rules by identifier, so that decoding builds each zone's rules once rather than once per merchant event
/// (building them scans Foundation's offsets, about 5 ms).
///
/// Bounded: past `capacity` distinct zones the rules are still built, just no longer kept. Unknown identifiers are
/// never kept, so hostile input cannot fill the cache with them.
final class ZoneRulesCache: Sendable {
    /// The cache the codecs share.
    static let shared = ZoneRulesCache(capacity: 1_024)

    private let capacity: Int
    private let rules = Mutex<[String: ZoneRules]>([:])

    /// Creates an empty cache keeping at most `capacity` zones.
    init(capacity: Int) {
        precondition(capacity > 0, "cache capacity must be positive")
        self.capacity = capacity
    }

    /// The rules of `identifier`, nil when the zone database does not know it.
    func rules(for identifier: String) -> ZoneRules? {
        if let cached = rules.withLock({ $0[identifier] }) { return cached }
        // Built outside the lock: two threads may both build the same zone, which is harmless.
        guard let built = ZoneRules(identifier: identifier) else { return nil }
        assert(built.identifier == identifier)
        rules.withLock { rules in
            if rules.count < capacity { rules[identifier] = built }
        }
        return built
    }

    /// How many zones are kept.
    var count: Int { rules.withLock { $0.count } }
}
