import Core
import Foundation
import Node
import WAL

/// Where `Node.open`'s time goes, phase by phase, in a fresh process (`open-phases DIR`): the same steps `Node.open`
/// takes, through the same public calls — newest snapshot, log recovery, replay (decode + apply), engine start (the
/// staff schedules rebuilt from the state) — each timed. A diagnostic: it must follow `Node.open` if that changes.
enum StartupPhases {
    struct Outcome: Codable {
        var snapshotSeconds: Double
        var recoverySeconds: Double
        var replaySeconds: Double
        var replayedRecords: Int
        var engineSeconds: Double
        /// CPU seconds of all four phases: near their wall time when nothing else competed for the cores.
        var cpuSeconds: Double
        var totalSeconds: Double { snapshotSeconds + recoverySeconds + replaySeconds + engineSeconds }
    }

    static func runChild(directory: String) throws {
        let storage = PosixStorage()
        let cpuStarted = processCPUSeconds()
        var started = monotonicSeconds()
        let (state, _) = try SnapshotStore(directory: directory + "/snapshots", storage: storage).loadNewest()
        let store = StateStore(state ?? EngineState())
        let snapshotLSN = state?.appliedLSN ?? 0
        let snapshotSeconds = lap(&started)
        var options = WALOptions()
        options.adoptsLogEpoch = true  // the log was written at the node's epoch, as `Node.open` opens it
        options.snapshotLSN = snapshotLSN
        let (wal, _) = try WriteAheadLog.open(directory: directory + "/wal", storage: storage, options: options) {
            _, _ in
        }
        let recoverySeconds = lap(&started)
        var replayed = 0
        var cursor = try wal.records(from: snapshotLSN + 1)
        while let record = try cursor.next() {
            try store.applyReplayed(try EventCodec.decode(record.payload), lsn: record.lsn)
            replayed += 1
        }
        let replaySeconds = lap(&started)
        let largest = store.read { $0.largestID() }
        let log = InMemoryEventLog { event, lsn in store.apply(event, lsn: lsn) }
        let engine = BookingEngine(store: store, log: log, ids: IdentifierGenerator(after: largest))
        let engineSeconds = lap(&started)
        precondition(engine.store.read { $0.appliedLSN } == snapshotLSN + UInt64(replayed), "replay stopped short")
        let outcome = Outcome(
            snapshotSeconds: snapshotSeconds, recoverySeconds: recoverySeconds, replaySeconds: replaySeconds,
            replayedRecords: replayed, engineSeconds: engineSeconds, cpuSeconds: processCPUSeconds() - cpuStarted)
        print(String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self))
    }

    /// Seconds since `started`, which moves to now.
    private static func lap(_ started: inout Double) -> Double {
        let now = monotonicSeconds()
        defer { started = now }
        return now - started
    }
}
