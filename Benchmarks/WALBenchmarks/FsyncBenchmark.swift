import Foundation

/// Figure 1: this machine's raw fsync rate (100-byte write + `fdatasync`, ~3 s) under /tmp, and under the current
/// directory too when that is another filesystem.
enum FsyncBenchmark {
    static let seconds = 3.0

    static func run() throws -> Figures {
        var figures = Figures(benchmark: "fsync")
        let current = FileManager.default.currentDirectoryPath
        var places = [("tmp", "/tmp")]
        let tmp = FsyncProbe.filesystem(of: "/tmp")
        let here = FsyncProbe.filesystem(of: current)
        if here.device != tmp.device {
            places.append(("cwd", current))
        } else {
            print("fsync: \(current) is on the same filesystem as /tmp (\(tmp.name)); measured once")
        }
        figures.add("fsync.sameFilesystem", here.device == tmp.device ? "yes" : "no")
        for (label, parent) in places {
            let filesystem = FsyncProbe.filesystem(of: parent).name
            figures.add("fsync.\(label).filesystem", filesystem)
            let scratch = try ScratchDirectory(under: parent)
            defer { scratch.remove() }
            for mode in [FsyncProbe.Mode.append, .overwrite] {
                let result = try FsyncProbe.measure(in: scratch.path, seconds: seconds, mode: mode)
                let key = "fsync.\(label).\(mode.rawValue)"
                figures.add(key + ".opsPerSecond", result.operationsPerSecond)
                figures.add(key + ".p50Millis", Double(result.latency.percentile(0.5)) / 1e6)
                figures.add(key + ".p99Millis", Double(result.latency.percentile(0.99)) / 1e6)
                let latency = result.latency
                print(
                    "fsync \(label) (\(parent), \(filesystem)) \(mode.rawValue) \(FsyncProbe.writeBytes) B "
                        + "+ fdatasync: \(grouped(result.operationsPerSecond)) ops/s, "
                        + "p50 \(millis(latency.percentile(0.5))) ms, p99 \(millis(latency.percentile(0.99))) ms, "
                        + "max \(millis(latency.maxNanoseconds)) ms "
                        + "(\(result.operations) ops in \(fixed(result.seconds, 2)) s)")
            }
        }
        return figures
    }
}
