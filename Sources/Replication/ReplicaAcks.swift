import Synchronization

/// Synchronous replication on the leader (`--sync-replicas N`): which LSN each follower has durably stored, as it
/// reports (`POST /v1/replication/ack`), and the writers waiting until `required` followers hold their record
/// before the write is acknowledged. A follower that has not reported for `staleAfter` does not count (it may be
/// gone); its next report counts again.
public final class ReplicaAcks: Sendable {
    /// How many followers must hold a record before its write is acknowledged (0: none, asynchronous).
    public let required: Int
    let staleAfter: Duration

    private struct Report {
        var lsn: UInt64
        var at: ContinuousClock.Instant
    }

    private struct Waiter {
        var lsn: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var reports: [String: Report] = [:]
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// Waits for `required` followers; reports older than `staleAfter` do not count.
    public init(required: Int, staleAfter: Duration = .seconds(3)) {
        precondition(required >= 0, "a negative number of synchronous followers")
        self.required = required
        self.staleAfter = staleAfter
    }

    /// A follower reports that its log holds everything through `lsn`. Reports never go back (an older report
    /// arriving late changes nothing). Resumes the writers it satisfies.
    public func acknowledged(follower: String, lsn: UInt64) {
        let now = ContinuousClock.now
        let resumed = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            let previous = state.reports[follower]?.lsn ?? 0
            state.reports[follower] = Report(lsn: max(previous, lsn), at: now)
            let confirmed = Self.confirmedLSN(state.reports, required: required, staleAfter: staleAfter, now: now)
            let done = state.waiters.filter { $0.value.lsn <= confirmed }
            for id in done.keys { state.waiters[id] = nil }
            return done.values.map(\.continuation)
        }
        for continuation in resumed { continuation.resume(returning: true) }
    }

    /// The highest LSN that `required` fresh followers hold (`UInt64.max` when none is required).
    public var confirmedLSN: UInt64 {
        state.withLock { Self.confirmedLSN($0.reports, required: required, staleAfter: staleAfter, now: .now) }
    }

    /// How many followers reported within `staleAfter`.
    public var confirming: Int {
        let now = ContinuousClock.now
        return state.withLock { $0.reports.values.filter { now - $0.at <= staleAfter }.count }
    }

    /// Waits until `required` followers hold `lsn`; false after `timeout` (the write is on this node's disk, but
    /// not known to be on enough others).
    public func wait(for lsn: UInt64, timeout: Duration) async -> Bool {
        guard required > 0 else { return true }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let id = state.withLock { state -> Int? in
                let confirmed = Self.confirmedLSN(
                    state.reports, required: required, staleAfter: staleAfter, now: .now)
                guard lsn > confirmed else { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = Waiter(lsn: lsn, continuation: continuation)
                return state.nextWaiter
            }
            guard let id else {
                continuation.resume(returning: true)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
        }
    }

    private func expire(_ id: Int) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.continuation.resume(returning: false)
    }

    /// The `required`-th highest LSN among the fresh reports; 0 when there are fewer.
    private static func confirmedLSN(
        _ reports: [String: Report], required: Int, staleAfter: Duration, now: ContinuousClock.Instant
    ) -> UInt64 {
        guard required > 0 else { return .max }
        let fresh = reports.values.filter { now - $0.at <= staleAfter }.map(\.lsn).sorted(by: >)
        return fresh.count >= required ? fresh[required - 1] : 0
    }
}
