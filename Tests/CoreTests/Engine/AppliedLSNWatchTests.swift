import Testing

@testable import Core

@Suite("Waiting for an applied LSN")
struct AppliedLSNWatchTests {
    @Test("waiters wake when their LSN is applied, in any order; already-applied LSNs return at once")
    func wakes() async {
        let watch = AppliedLSNWatch(applied: 5)
        #expect(await watch.wait(for: 3, timeout: .milliseconds(1)))
        // Generous timeouts: a loaded machine may schedule these late; a pass never waits for them.
        async let first = watch.wait(for: 8, timeout: .seconds(120))
        async let second = watch.wait(for: 12, timeout: .seconds(120))
        try? await Task.sleep(for: .milliseconds(20))
        watch.advance(to: 9)
        #expect(await first)
        watch.advance(to: 12)
        #expect(await second)
        #expect(watch.applied == 12)
    }

    @Test("a wait gives up after its timeout, and too many waiters are refused")
    func timesOut() async {
        let watch = AppliedLSNWatch(applied: 0, waitersMax: 1)
        let started = ContinuousClock.now
        #expect(await !watch.wait(for: 1, timeout: .milliseconds(30)))
        #expect(ContinuousClock.now - started >= .milliseconds(30))
        async let held = watch.wait(for: 1, timeout: .seconds(5))
        try? await Task.sleep(for: .milliseconds(20))
        #expect(await !watch.wait(for: 1, timeout: .seconds(5)))
        watch.advance(to: 1)
        #expect(await held)
    }
}
