import Synchronization

/// Lets readers wait until the state has applied a given LSN (read-your-writes on replicas).
///
/// The applier advances it after each event; waiters are resumed in one pass when their LSN is reached, or give
/// up after their timeout. Bounded: at most `waitersMax` readers may wait at once; more are answered "not yet".
public final class AppliedLSNWatch: Sendable {
    private struct Waiter {
        var lsn: LSN
        var id: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var applied: LSN
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>
    /// The most readers that may wait at once.
    public let waitersMax: Int

    /// Starts at `applied`.
    public init(applied: LSN, waitersMax: Int = 10_000) {
        state = Mutex(State(applied: applied))
        self.waitersMax = waitersMax
    }

    /// The LSN applied so far.
    public var applied: LSN { state.withLock { $0.applied } }

    /// Records that everything up to `lsn` is applied, and wakes the readers waiting for it.
    public func advance(to lsn: LSN) {
        let ready: [Waiter] = state.withLock { state in
            guard lsn > state.applied else { return [] }
            state.applied = lsn
            guard !state.waiters.isEmpty else { return [] }
            let ready = state.waiters.filter { $0.lsn <= lsn }
            state.waiters.removeAll { $0.lsn <= lsn }
            return ready
        }
        for waiter in ready { waiter.continuation.resume(returning: true) }
    }

    /// Waits until `lsn` is applied; false if `timeout` passed first (or too many readers are waiting).
    public func wait(for lsn: LSN, timeout: Duration) async -> Bool {
        if applied >= lsn { return true }
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let resumeNow: Bool? = self.state.withLock { state in
                        if state.applied >= lsn { return true }
                        if state.waiters.count >= self.waitersMax { return false }
                        state.waiters.append(Waiter(lsn: lsn, id: id, continuation: continuation))
                        return nil
                    }
                    if let resumeNow { continuation.resume(returning: resumeNow) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                let waiter = self.state.withLock { state -> Waiter? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index)
                }
                waiter?.continuation.resume(returning: false)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
