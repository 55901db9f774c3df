#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CPU time (user + system) this process used so far, in seconds.
enum ProcessCPU {
    static func seconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            let status = getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            let status = getrusage(RUSAGE_SELF, &usage)
        #endif
        precondition(status == 0, "getrusage(RUSAGE_SELF) does not fail")
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
