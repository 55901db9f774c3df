#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The clocks the log reads: wall time for frame timestamps, monotonic time for durations.
public enum WALClock {
    /// Unix time in milliseconds (`CLOCK_REALTIME`): the default `WALOptions.clock`.
    public static func wallClockMillis() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Seconds on `CLOCK_MONOTONIC`, for measuring durations.
    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
