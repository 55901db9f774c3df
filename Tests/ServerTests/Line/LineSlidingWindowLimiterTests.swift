import Core
import Testing

@testable import Server

@Suite("LINE pacing: sliding-window limiter")
struct LineSlidingWindowLimiterTests {
    let origin = ContinuousClock.now

    func at(_ milliseconds: Int64) -> ContinuousClock.Instant { origin + .milliseconds(milliseconds) }

    @Test("the first `limit` events go at once, the next waits for the oldest to leave the window")
    func basics() {
        var limiter = SlidingWindowLimiter(limit: 3, window: .seconds(1))
        for _ in 0..<3 {
            #expect(limiter.earliestSlot(atOrAfter: at(0)) == at(0))
            limiter.record(at: at(0))
        }
        #expect(limiter.earliestSlot(atOrAfter: at(10)) == at(1_000))
        #expect(limiter.earliestSlot(atOrAfter: at(1_500)) == at(1_500))
        limiter.record(at: at(1_000))
        #expect(limiter.earliestSlot(atOrAfter: at(1_000)) == at(1_000))
        limiter.record(at: at(1_000))
        limiter.record(at: at(1_000))
        #expect(limiter.earliestSlot(atOrAfter: at(1_000)) == at(2_000))
    }

    @Test("a slot is never before the last recorded event")
    func monotonic() {
        var limiter = SlidingWindowLimiter(limit: 5, window: .seconds(1))
        limiter.record(at: at(500))
        #expect(limiter.earliestSlot(atOrAfter: at(100)) == at(500))
    }

    @Test(
        "no window ever holds more than `limit` events, and every wait is necessary (seeded)",
        arguments: [(1, 1_000), (2, 50), (5, 1_000), (60, 60_000), (10, 1)]
    )
    func property(limit: Int, windowMilliseconds: Int64) {
        for seed: UInt64 in 1...40 {
            var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(limit))
            let window = Duration.milliseconds(windowMilliseconds)
            var limiter = SlidingWindowLimiter(limit: limit, window: window)
            var arrival = origin
            var recorded: [ContinuousClock.Instant] = []
            for _ in 0..<400 {
                // Bursts (zero gaps), short gaps and long pauses, relative to the window.
                switch random.below(4) {
                case 0: break
                case 1: arrival += .microseconds(random.below(Int(windowMilliseconds) * 100 + 1))
                case 2: arrival += .milliseconds(random.below(Int(windowMilliseconds) + 1))
                default: arrival += .milliseconds(random.below(Int(windowMilliseconds) * 3 + 1))
                }
                let slot = limiter.earliestSlot(atOrAfter: arrival)
                #expect(slot >= arrival, "seed \(random.seed)")
                if slot > arrival, let last = recorded.last, slot > last {
                    // One nanosecond earlier would have overfilled the window ending there.
                    let earlier = slot - .nanoseconds(1)
                    let inWindow = recorded.filter { $0 > earlier - window && $0 <= earlier }.count
                    #expect(inWindow >= limit, "seed \(random.seed): waited without need")
                }
                limiter.record(at: slot)
                recorded.append(slot)
            }
            let worst = Self.mostInAnyWindow(recorded, window: window)
            #expect(worst <= limit, "seed \(random.seed): \(worst) events in one window of \(window)")
            if worst > limit { return }
        }
    }

    /// Brute force: the most events in any half-open window `[start, start + window)`; a fullest window can always
    /// be slid to start at one of its events, so checking windows that start at events suffices.
    static func mostInAnyWindow(_ instants: [ContinuousClock.Instant], window: Duration) -> Int {
        var most = 0
        for start in instants {
            most = max(most, instants.filter { $0 >= start && $0 < start + window }.count)
        }
        return most
    }

    @Test("the brute-force checker itself catches an overfull window")
    func checkerCatchesViolations() {
        let instants = [at(0), at(10), at(999), at(1_000)]
        #expect(Self.mostInAnyWindow(instants, window: .seconds(1)) == 3)
        #expect(Self.mostInAnyWindow(instants, window: .milliseconds(1_001)) == 4)
    }
}
