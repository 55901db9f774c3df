import Synchronization

/// The last few durations of something (the log's fsyncs), for a percentile a page can show without a Prometheus
/// server: a ring of `capacity` samples, oldest overwritten first.
final class RecentDurations: Sendable {
    private struct Ring {
        var samples: [Double] = []
        var next = 0
    }

    let capacity: Int
    private let ring = Mutex(Ring())

    init(capacity: Int = 1_024) {
        precondition(capacity > 0, "a ring holds at least one sample")
        self.capacity = capacity
    }

    /// Adds one sample.
    func record(_ seconds: Double) {
        ring.withLock { ring in
            if ring.samples.count < capacity {
                ring.samples.append(seconds)
            } else {
                ring.samples[ring.next] = seconds
            }
            ring.next = (ring.next + 1) % capacity
        }
    }

    /// The `fraction` quantile (0…1, nearest rank) of the samples held, and how many there are; nil when none.
    func quantile(_ fraction: Double) -> (seconds: Double, samples: Int)? {
        precondition((0...1).contains(fraction), "a quantile is within 0…1")
        let samples = ring.withLock { $0.samples }
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return (sorted[min(max(rank, 0), sorted.count - 1)], sorted.count)
    }
}
