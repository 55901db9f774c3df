import Foundation
import Node

/// Figure 3: start-up with 1,000,000 bookings: `Node.open` with the snapshot (snapshot load, nothing to replay) and
/// with the log only (a copy without `snapshots/`: replay of every record), each in a fresh process, warm (files in
/// the page cache, as just written) and cold (evicted first); resident memory after open; the folder's size.
enum ReplayBenchmark {
    static let replayTarget = 1_000_000.0
    static let startSecondsTarget = 3.0

    static func run() async throws -> Figures {
        var figures = Figures(benchmark: "replay")
        let scratch = try ScratchDirectory(under: "/tmp")
        defer { scratch.remove() }
        let folder = scratch.path + "/data"
        let built = try await ReplayWorld.build(in: folder)
        print(
            "replay: built \(grouped(Double(built.bookings))) bookings (\(grouped(Double(built.records))) records) "
                + "through the engine in \(fixed(built.seconds)) s = \(grouped(Double(built.records) / built.seconds)) "
                + "records/s (durability none); snapshot at LSN \(built.snapshotLSN)")
        // The whole log: the segments the snapshots pruned (kept in `archive/`) and those still in `wal/`.
        let wholeLog = scratch.path + "/whole-log"
        try FileManager.default.copyItem(atPath: folder + "/wal", toPath: wholeLog)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder + "/archive")) ?? [] {
            try FileManager.default.copyItem(atPath: folder + "/archive/" + name, toPath: wholeLog + "/" + name)
        }
        let walBytes = try folderSize(wholeLog)
        let snapshotBytes = try folderSize(folder + "/snapshots")
        figures.add("replay.records", Double(built.records))
        figures.add("replay.walBytes", Double(walBytes.apparent))
        figures.add("replay.snapshotBytes", Double(snapshotBytes.apparent))
        figures.add("replay.folderDiskBytes", Double(walBytes.allocated + snapshotBytes.allocated))
        print(
            "replay: data folder \(mebibytes(walBytes.apparent + snapshotBytes.apparent)) MiB "
                + "(\(mebibytes(walBytes.allocated + snapshotBytes.allocated)) MiB allocated): log "
                + "\(mebibytes(walBytes.apparent)) MiB in \(walBytes.files) segments "
                + "(\(fixed(Double(walBytes.apparent) / Double(built.records))) B/record), snapshot "
                + "\(mebibytes(snapshotBytes.apparent)) MiB")
        for cold in [false, true] {
            let outcome = try StartupProbe.launch(directory: folder, cold: cold)
            try check(outcome, snapshot: true, built)
            report(outcome, label: "snapshot", cold: cold, into: &figures)
        }
        reportPhases(
            try StartupProbe.launch(StartupPhases.Outcome.self, arguments: ["open-phases", folder]), "snapshot",
            &figures)
        let logOnly = scratch.path + "/log-only"
        try FileManager.default.createDirectory(atPath: logOnly, withIntermediateDirectories: false)
        try FileManager.default.moveItem(atPath: wholeLog, toPath: logOnly + "/wal")
        for cold in [false, true] {
            let outcome = try StartupProbe.launch(directory: logOnly, cold: cold)
            try check(outcome, snapshot: false, built)
            report(outcome, label: "logOnly", cold: cold, into: &figures)
        }
        reportPhases(
            try StartupProbe.launch(StartupPhases.Outcome.self, arguments: ["open-phases", logOnly]), "logOnly",
            &figures)
        return figures
    }

    private static func check(_ outcome: StartupProbe.Outcome, snapshot: Bool, _ built: ReplayWorld.Built) throws {
        let expectedReplay = snapshot ? 0 : Int(built.records)
        guard outcome.bookings == built.bookings, outcome.replayedRecords == expectedReplay,
            outcome.snapshotLSN == (snapshot ? built.snapshotLSN : 0)
        else {
            throw BenchmarkError("open found \(outcome.bookings) bookings after replaying \(outcome.replayedRecords)")
        }
    }

    private static func report(
        _ outcome: StartupProbe.Outcome, label: String, cold: Bool, into figures: inout Figures
    ) {
        let key = "replay.\(label).\(cold ? "cold" : "warm")"
        figures.add(key + ".openSeconds", outcome.openSeconds)
        figures.add(key + ".openCPUSeconds", outcome.openCPUSeconds)
        figures.add(key + ".residentAfterMiB", Double(outcome.residentAfterBytes) / 1_048_576)
        var line =
            "replay start \(label == "snapshot" ? "with snapshot" : "log only") \(cold ? "cold" : "warm"): "
            + "Node.open \(fixed(outcome.openSeconds, 3)) s (CPU \(fixed(outcome.openCPUSeconds, 3)) s)"
        if outcome.replayedRecords > 0 {
            let rate = Double(outcome.replayedRecords) / outcome.openSeconds
            figures.add(key + ".recordsPerSecond", rate)
            line +=
                ", \(grouped(Double(outcome.replayedRecords))) records replayed = \(grouped(rate)) records/s "
                + "[target ≥ 1,000,000 records/s: \(rate >= replayTarget ? "met" : "MISSED")]"
        }
        line +=
            "; resident \(mebibytes(outcome.residentBeforeBytes)) → \(mebibytes(outcome.residentAfterBytes)) MiB "
            + "[target start < 3 s: \(outcome.openSeconds < startSecondsTarget ? "met" : "MISSED")]"
        print(line)
    }

    private static func reportPhases(_ phases: StartupPhases.Outcome, _ label: String, _ figures: inout Figures) {
        let key = "replay.\(label).phases"
        figures.add(key + ".snapshotSeconds", phases.snapshotSeconds)
        figures.add(key + ".recoverySeconds", phases.recoverySeconds)
        figures.add(key + ".replaySeconds", phases.replaySeconds)
        figures.add(key + ".engineSeconds", phases.engineSeconds)
        var line =
            "replay phases \(label == "snapshot" ? "with snapshot" : "log only") warm: snapshot load "
            + "\(fixed(phases.snapshotSeconds, 3)) s, log recovery scan \(fixed(phases.recoverySeconds, 3)) s, replay "
            + "\(fixed(phases.replaySeconds, 3)) s"
        if phases.replayedRecords > 0 {
            let rate = Double(phases.replayedRecords) / phases.replaySeconds
            figures.add(key + ".replayRecordsPerSecond", rate)
            line += " (\(grouped(rate)) records/s decode + apply)"
        }
        line +=
            ", engine start (schedules rebuilt) \(fixed(phases.engineSeconds, 3)) s; "
            + "total \(fixed(phases.totalSeconds, 3)) s (CPU \(fixed(phases.cpuSeconds, 3)) s)"
        print(line)
    }

    /// Total apparent and allocated bytes of the regular files in `directory` (not recursive).
    private static func folderSize(_ directory: String) throws -> (apparent: Int, allocated: Int, files: Int) {
        var apparent = 0
        var allocated = 0
        var files = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            var status = stat()
            guard stat(directory + "/" + name, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            apparent += Int(status.st_size)
            allocated += Int(status.st_blocks) * 512
            files += 1
        }
        return (apparent, allocated, files)
    }

    private static func mebibytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576) }
}
