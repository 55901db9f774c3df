import Core
import Foundation

/// Seconds on `CLOCK_MONOTONIC`, from an arbitrary start.
func monotonicSeconds() -> Double {
    Double(monotonicNanoseconds()) / 1e9
}

/// Nanoseconds on `CLOCK_MONOTONIC`, from an arbitrary start.
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// CPU seconds this process has used so far, all threads (`CLOCK_PROCESS_CPUTIME_ID`): next to wall time it shows
/// whether other work on the machine held the benchmark back.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The process's resident memory in bytes (from /proc/self/statm).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1 else { return 0 }
    return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// The benchmarks' deterministic generator, so every run builds the same records.
typealias BenchmarkRandom = SplitMix64

/// A number with a fixed count of decimals.
func fixed(_ value: Double, _ decimals: Int = 1) -> String {
    String(format: "%.\(decimals)f", value)
}

/// A whole number with thousands separators (1,234,567).
func grouped(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var out = ""
    for (index, character) in digits.reversed().enumerated() {
        if index > 0 && index % 3 == 0 && character != "-" { out.append(",") }
        out.append(character)
    }
    return String(out.reversed())
}

/// Milliseconds from nanoseconds, with three decimals.
func millis(_ nanoseconds: UInt64) -> String {
    fixed(Double(nanoseconds) / 1e6, 3)
}

/// A fresh, empty folder under `parent` (made with `mkdtemp`); `remove()` deletes it and everything in it.
struct ScratchDirectory {
    let path: String

    init(under parent: String, prefix: String = "walbench") throws {
        var template = Array((parent + "/" + prefix + "-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchmarkError("mkdtemp under \(parent) failed: errno \(errno)")
        }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A benchmark that could not run (setup failed, a figure came out impossible).
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
