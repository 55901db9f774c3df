import ArgumentParser
import Core
import Foundation
import Node
import WAL

/// A scratch folder next to the system's temp folder, removed afterwards.
func withScratch<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = NSTemporaryDirectory() + "nailbook-scratch-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// `nailbook verify --data DIR`.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every checksum and the booking invariants of a data folder; exit 1 on any problem."
    )

    @Option(name: .long, help: "The data folder.")
    var data = "./data"

    func run() async throws {
        let report = try await withScratch { try Maintenance.verify(dataDirectory: data, scratch: $0) }
        print(
            "records: \(report.records)\nbookings: \(report.bookings)\nsegments: \(report.segments)\n"
                + "snapshot LSN: \(report.snapshotLSN)"
        )
        for problem in report.problems { print("problem: \(problem)") }
        if report.problems.isEmpty { print("ok") } else { throw ExitCode(1) }
    }
}

/// `nailbook backup --data DIR --into BACKUP`.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a data folder consistently, also while its server runs (newest snapshot + the log)."
    )

    @Option(name: .long, help: "The data folder.")
    var data = "./data"

    @Option(name: .long, help: "The backup folder (must be new or empty).")
    var into: String

    func run() async throws {
        let report = try Maintenance.backup(dataDirectory: data, into: into)
        print(
            "copied \(report.segments) segments, snapshot \(report.snapshotLSN.map(String.init) ?? "none"), \(report.bytes) bytes"
        )
    }
}

/// `nailbook restore --from BACKUP --into NEWDIR (--to TIME | --lsn N)`.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a new data folder holding the state as of a time or LSN (point-in-time restore)."
    )

    @Option(name: .long, help: "A backup or a data folder (it is not changed).")
    var from: String

    @Option(name: .long, help: "The new data folder (must be new or empty).")
    var into: String

    @Option(name: .long, help: "Restore every change written at or before this RFC 3339 time.")
    var to: String?

    @Option(name: .long, help: "Restore every change up to and including this LSN.")
    var lsn: UInt64?

    func validate() throws {
        guard (to == nil) != (lsn == nil) else { throw ValidationError("give exactly one of --to and --lsn") }
        if let to, RFC3339.parse(to) == nil { throw ValidationError("--to must be an RFC 3339 time") }
    }

    func run() async throws {
        let target: Maintenance.RestoreTarget
        if let lsn {
            target = .lsn(lsn)
        } else {
            target = .time(millis: RFC3339.parse(to!)!.secondsSinceEpoch * 1000)
        }
        let report = try await withScratch {
            try await Maintenance.restore(from: from, into: into, to: target, scratch: $0)
        }
        print("restored through LSN \(report.lastLSN) (\(report.bookings) bookings) into \(into)")
    }
}

/// `nailbook repair --data DIR`.
struct Repair: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cut a corrupt log at its last good record, keeping .broken copies; says how much is discarded."
    )

    @Option(name: .long, help: "The data folder.")
    var data = "./data"

    func run() async throws {
        let report = try WriteAheadLog.repair(directory: data + "/wal", storage: PosixStorage())
        guard report.repaired else {
            print("nothing to repair: the log is sound through LSN \(report.lastLSNSeen)")
            return
        }
        print(
            "problem: \(report.problem ?? "unknown") in \(report.damagedSegment ?? "?") at offset \(report.damagedOffset ?? 0)"
        )
        print("kept every record through LSN \(report.lastLSNKept)")
        print(
            "discarded \(report.recordsDiscarded) records (\(report.framesDiscarded) readable frames, \(report.unreadableBytes) unreadable bytes)"
        )
        for file in report.brokenFiles { print("kept a copy: \(file)") }
    }
}
