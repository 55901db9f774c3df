import Logging
import Node
import Replication
import ServiceLifecycle
import Synchronization
import WAL

/// Automatic failover of a leader group through etcd (`--etcd`): the leader holds the group's leader key under a
/// lease it keeps alive and writes only while the lease is certainly held (``LeaseClock``); when the lease lapses, the
/// most caught-up follower wins a transaction on the key, takes the next epoch from etcd's counter and promotes
/// itself; the other followers switch to it; an old leader that comes back finds a higher epoch and follows (or, if
/// its log holds records the group never kept, refuses and says so in `/health`). Keys: ``GroupKeys``.
///
/// One loop (``run()``) every ``tick`` does one ``step()``: renew the lease when due, read the leader key, act on
/// it, then set the write gate (``WriteLease``) from what it knows. Nothing else changes the gate, so a loop that
/// stalls (a paused process) stops writes by itself when the deadline passes.
public final class FailoverService: ServiceLifecycle.Service, Sendable {
    /// The group's keys.
    public let keys: GroupKeys
    let etcd: EtcdClient
    let leadership: LeadershipService
    let gate: WriteLease
    let logger: Logger
    let ownURL: @Sendable () -> String?
    let ttl: Duration
    /// The shard map, kept fresh by this loop.
    public let shards: ShardDirectory
    let state: Mutex<State>
    /// Whether a step runs.
    private let stepping = Mutex(false)

    struct State {
        var clock: LeaseClock
        var etcdLease: EtcdLease?
        var renewedAt: ContinuousClock.Instant?
        var etcdReachable = true
        var leader: LeaderRecord?
        /// Whether the leader key is this node's (attached to `etcdLease`).
        var holdsKey = false
        /// The first LSN of the epoch this node leads (kept for the key when it is claimed again).
        var epochStartLSN: UInt64?
        /// The etcd revision at which this follower first saw the leader key gone (nil while there is a leader).
        var vacantSinceRevision: Int64?
        var memberPublishedAt: ContinuousClock.Instant?
        var problem: String?
        /// Whether this node's registration (``GroupKeys/node(_:)``) is in etcd.
        var registered = false
        /// When the shard map was last read.
        var shardsReadAt: ContinuousClock.Instant?
    }

    /// Failover for the node `leadership` runs, in the group `keys` names, with leases of `ttl`; `gate` is the
    /// node's write lease (``NodeOptions/writeLease``).
    public init(
        etcd: EtcdClient, keys: GroupKeys, ttl: Duration, leadership: LeadershipService, gate: WriteLease,
        ownURL: @escaping @Sendable () -> String?, logger: Logger
    ) {
        self.etcd = etcd
        self.keys = keys
        self.ttl = ttl
        self.leadership = leadership
        self.gate = gate
        self.ownURL = ownURL
        self.logger = logger
        shards = ShardDirectory(group: keys.group, etcd: etcd, root: keys.prefix)
        state = Mutex(State(clock: LeaseClock(ttl: ttl)))
    }

    /// How often the loop looks.
    var tick: Duration { min(.milliseconds(200), ttl / 10) }

    /// The figures for `/health`.
    public var status: FailoverStatus {
        state.withLock { state in
            FailoverStatus(
                group: keys.group, holdsLease: state.holdsKey && state.clock.allowsWrites(at: .now),
                etcdReachable: state.etcdReachable, leaderURL: state.leader?.url, problem: state.problem)
        }
    }

    /// Runs the loop until graceful shutdown; then gives the lease back, so a follower takes over at once.
    public func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.step()
                try? await Task.sleep(for: self.tick)
            }
        }
        gate.revoke()
        if let lease = state.withLock({ $0.etcdLease }) { try? await etcd.revoke(lease.id) }
    }

    /// One look: renew, read the leader key, act, set the gate. ``run()`` repeats it; a node calls it once before
    /// it starts, so that a leader holds its key before its first write.
    public func step() async {
        // One step at a time (the loop's and a promotion's): each reads the key and acts on what it read.
        while !stepping.withLock({ running in
            defer { running = true }
            return !running
        }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        defer { stepping.withLock { $0 = false } }
        await stepOnce()
    }

    private func stepOnce() async {
        defer { refreshGate() }
        guard let lease = await heldLease(), let ownURL = ownURL() else { return }
        let current: EtcdKeyValue?
        let revision: Int64
        do {
            (current, revision) = try await etcd.read(keys.leader)
            state.withLock { $0.etcdReachable = true }
        } catch {
            noteUnreachable(error)
            return
        }
        if !state.withLock({ $0.registered }),
            (try? await etcd.transaction(
                if: [.absent(keys.node(ownURL))],
                then: [.put(keys.node(ownURL), value: Array(ownURL.utf8), lease: 0)])) != nil
        {
            state.withLock { $0.registered = true }
        }
        if leadership.role.isLeader {
            await stepAsLeader(current, lease: lease, ownURL: ownURL)
        } else {
            await stepAsFollower(current, revision: revision, lease: lease, ownURL: ownURL)
        }
        await keepShardsFresh()
    }

    /// About once a second: reads the shard map again, and the leader registers its salons the map lacks (created
    /// while etcd did not answer, or before the group had failover).
    private func keepShardsFresh() async {
        let now = ContinuousClock.now
        let due = state.withLock { state in
            guard let last = state.shardsReadAt, now - last < .seconds(1) else {
                state.shardsReadAt = now
                return true
            }
            return false
        }
        guard due, (try? await shards.refresh()) != nil else { return }
        guard leadership.role.isLeader, state.withLock({ $0.holdsKey }) else { return }
        let known = shards.current.groups
        let local = leadership.node.engine.store.read { state in state.catalog.merchants.keys.map(\.description) }
        let missing = local.filter { known[$0] == nil }
        guard !missing.isEmpty else { return }
        for conflict in await shards.register(missing) {
            logger.error(
                "a salon of this group is registered to another group", metadata: ["merchant.id": "\(conflict)"])
        }
    }

    /// Opens the write gate until the lease's deadline when this leader holds the key, else closes it.
    func refreshGate() {
        let until = state.withLock { state -> ContinuousClock.Instant? in
            guard state.holdsKey, state.problem == nil else { return nil }
            return state.clock.validUntil
        }
        if let until, leadership.role.isLeader { gate.allow(until: until) } else { gate.revoke() }
    }

    /// This node's etcd lease, granted or renewed when due; nil while it has none.
    private func heldLease() async -> EtcdLease? {
        let now = ContinuousClock.now
        let (lease, renewedAt, interval) = state.withLock { ($0.etcdLease, $0.renewedAt, $0.clock.renewalInterval) }
        do {
            guard let lease else {
                let granted = try await etcd.grantLease(ttlSeconds: Int(ttl.components.seconds))
                state.withLock { state in
                    state.etcdLease = granted
                    state.renewedAt = now
                    state.clock.lapse()
                    state.clock.renewed(sentAt: now, granted: .seconds(granted.ttlSeconds))
                    state.etcdReachable = true
                }
                return granted
            }
            guard let renewedAt, now - renewedAt < interval else {
                guard let ttl = try await etcd.keepAlive(lease.id) else {
                    logger.warning("leadership lease expired", metadata: ["group": "\(keys.group)"])
                    state.withLock { state in
                        state.etcdLease = nil
                        state.holdsKey = false
                        state.clock.lapse()
                    }
                    return nil
                }
                state.withLock { state in
                    state.renewedAt = now
                    state.clock.renewed(sentAt: now, granted: .seconds(ttl))
                    state.etcdReachable = true
                }
                return lease
            }
            return lease
        } catch {
            noteUnreachable(error)
            return lease
        }
    }

    private func noteUnreachable(_ error: EtcdError) {
        let first = state.withLock { state in
            defer { state.etcdReachable = false }
            return state.etcdReachable
        }
        if first { logger.warning("etcd does not answer", metadata: ["error": "\(error)"]) }
    }

    /// `POST /v1/admin/promote` with failover: the handover of ``LeadershipService/promote(minimumEpoch:)`` at an
    /// epoch above etcd's counter (the old leader is fenced over HTTP, so it stops writing at once), then the
    /// leader key taken over from the old leader by a compare-and-swap; writes start once this node holds it.
    public func promote() async throws(PromotionError) -> Promotion {
        let counter = try? await epochCounter()
        let promotion = try await leadership.promote(minimumEpoch: (counter?.value ?? 0) + 1)
        await step()
        return promotion
    }

    /// The group's epoch counter and the revision it was last changed at (0, 0: never set).
    func epochCounter() async throws(EtcdError) -> (value: UInt64, revision: Int64) {
        guard let counter = try await etcd.get(keys.epoch) else { return (0, 0) }
        return (UInt64(String(decoding: counter.value, as: UTF8.self)) ?? 0, counter.modRevision)
    }
}
