import Foundation

/// The raw cost of durability on this machine: a small write then `fdatasync`, in a loop, on a real file.
enum FsyncProbe {
    /// How the write lands in the file.
    enum Mode: String {
        /// Appended at the end (`O_APPEND`), as the log writes: every sync also commits the new file size.
        case append
        /// Rewritten in place at offset 0 of a file already that long: the sync carries data only.
        case overwrite
    }

    struct Result {
        var operations: Int
        var seconds: Double
        var latency: LatencyHistogram
        var operationsPerSecond: Double { Double(operations) / seconds }
    }

    static let writeBytes = 100

    /// Writes `writeBytes` and syncs, for `seconds`, in a new file in `directory`.
    static func measure(in directory: String, seconds: Double, mode: Mode) throws -> Result {
        precondition(seconds > 0, "probe needs a positive duration")
        let path = directory + "/fsync-probe-" + mode.rawValue
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (mode == .append ? O_APPEND : 0)
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw BenchmarkError("open \(path): errno \(errno)") }
        defer {
            close(descriptor)
            unlink(path)
        }
        let bytes = [UInt8](repeating: 0x5A, count: writeBytes)
        if mode == .overwrite {
            try writeOnce(descriptor, bytes, path)
            guard fsync(descriptor) == 0 else { throw BenchmarkError("fsync \(path): errno \(errno)") }
        }
        var latency = LatencyHistogram()
        var operations = 0
        let started = monotonicNanoseconds()
        let deadline = started + UInt64(seconds * 1e9)
        var now = started
        while now < deadline {
            if mode == .overwrite {
                let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, writeBytes, 0) }
                guard written == writeBytes else { throw BenchmarkError("pwrite \(path): errno \(errno)") }
            } else {
                try writeOnce(descriptor, bytes, path)
            }
            guard fdatasync(descriptor) == 0 else { throw BenchmarkError("fdatasync \(path): errno \(errno)") }
            let done = monotonicNanoseconds()
            latency.record(done - now)
            operations += 1
            now = done
        }
        precondition(latency.count == UInt64(operations), "every operation is timed")
        return Result(operations: operations, seconds: Double(now - started) / 1e9, latency: latency)
    }

    private static func writeOnce(_ descriptor: Int32, _ bytes: [UInt8], _ path: String) throws {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        guard written == bytes.count else { throw BenchmarkError("write \(path): errno \(errno)") }
    }

    /// The type of the filesystem holding `path` (from the longest matching mount point in /proc/self/mounts) and
    /// the device it is on.
    static func filesystem(of path: String) -> (name: String, device: UInt64) {
        var status = stat()
        guard let resolved = realpath(path, nil), stat(path, &status) == 0 else { return ("unknown", 0) }
        defer { free(resolved) }
        let full = String(cString: resolved)
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        var best = (point: "", type: "unknown")
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 2 else { continue }
            let point = String(fields[1])
            let inside = full == point || full.hasPrefix(point == "/" ? "/" : point + "/")
            if inside && point.count >= best.point.count { best = (point, String(fields[2])) }
        }
        return (best.type, UInt64(status.st_dev))
    }
}
