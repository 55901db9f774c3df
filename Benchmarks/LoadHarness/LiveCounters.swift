import Synchronization

/// Counters the drivers bump and the progress line reads once a second, from another thread.
final class LiveCounters: Sendable {
    let completed = Atomic<Int>(0)
    let created = Atomic<Int>(0)
    let rejected = Atomic<Int>(0)
    let errors = Atomic<Int>(0)
    let inFlight = Atomic<Int>(0)

    func count(_ operation: Operation, _ outcome: Outcome) {
        completed.wrappingAdd(1, ordering: .relaxed)
        switch outcome {
        case .succeeded where operation == .create: created.wrappingAdd(1, ordering: .relaxed)
        case .rejected: rejected.wrappingAdd(1, ordering: .relaxed)
        case .serverError, .timeout, .transportError: errors.wrappingAdd(1, ordering: .relaxed)
        case .succeeded, .unexpected: break
        }
    }
}
