import Core
import Synchronization
import WAL

/// How a node keeps its data.
public struct NodeOptions: Sendable {
    /// `fsync` (the default: a write is acknowledged once on disk) or `none` (benchmarks and tests that say so).
    public var durability: WALOptions.Durability = .fsync
    /// The size at which the log rolls to a new segment file. Below about 1 MiB, frames are limited to what fits in
    /// an empty segment.
    public var segmentSizeBytes = 64 * 1024 * 1024
    /// Take a snapshot after this many records…
    public var snapshotEveryRecords: UInt64 = 100_000
    /// …or after this many seconds with at least one new record.
    public var snapshotEverySeconds: Double = 600
    /// The file layer (real files, or a simulated disk in tests).
    public var storage: any WALStorage = PosixStorage()
    /// Observes each fsync's duration in seconds (for metrics).
    public var fsyncDurationObserver: (@Sendable (Double) -> Void)?
    /// The clock stamped on log frames (Unix milliseconds); tests substitute a settable one.
    public var frameClock: @Sendable () -> Int64 = { WALClock.wallClockMillis() }
    /// Where segments go once every snapshot kept covers them: moved into this folder (on the same file system, or
    /// copied), or deleted when nil (the default). `DIR/archive` is where `Maintenance.restore` looks by itself.
    public var archiveDirectory: String?
    /// The node's epoch (term) in the log: opening a log whose last epoch is higher fails (an old leader).
    public var epoch: UInt64 = 0
    /// Continue at the log's own epoch when it is higher (a follower, whose log carries its leader's epochs).
    public var adoptsLogEpoch = false
    /// A follower: the log refuses every local append (`readOnlyReplica`) until `Node.promote()`; only the leader's
    /// frames are stored.
    public var readOnly = false
    /// A former leader restarting after a newer leader fenced it (when its log ended at the LSN): the log refuses
    /// every local append (`fenced`) from the start; the newer leader's frames are stored.
    public var fence: (fence: LogFence, lsn: UInt64)?
    /// A leadership lease (failover through etcd): local appends are refused while it does not allow writes. Nil:
    /// no lease, writes as the role allows.
    public var writeLease: WriteLease?
    /// With `fence`: before anything is read, cut the log's frames after the fence's LSN written at an epoch below
    /// the fence's (a former leader's unacknowledged tail, see `WriteAheadLog.cutDivergedTail`) and set aside the
    /// snapshots after that LSN; once open, `DIR/leadership` says fenced at that LSN.
    public var cutsDivergedTail = false
    /// Under concurrent load, how long the log's writer waits for more appends (see `WALOptions.commitDelay`).
    public var commitDelay: Duration = .zero

    /// The defaults.
    public init() {}

    var walOptions: WALOptions {
        var options = WALOptions()
        options.durability = durability
        options.segmentSizeBytes = segmentSizeBytes
        options.batchBytesMax = min(options.batchBytesMax, segmentSizeBytes - SegmentHeader.size - FrameHeader.size)
        options.fsyncDurationObserver = fsyncDurationObserver
        options.clock = frameClock
        options.epoch = epoch
        options.adoptsLogEpoch = adoptsLogEpoch
        options.commitDelay = commitDelay
        return options
    }
}

/// What happened while a node started.
public struct StartupReport: Sendable {
    /// The LSN of the snapshot loaded (0 when none).
    public var snapshotLSN: UInt64 = 0
    /// Newer snapshots that were damaged and skipped, with the reason.
    public var skippedSnapshots: [String] = []
    /// Records replayed from the log after the snapshot.
    public var replayedRecords = 0
    /// The log's own recovery (torn tail dropped, segments found).
    public var recovery = RecoveryReport()
    /// How long loading took, in seconds.
    public var seconds = 0.0
    /// Records of a former leader's unacknowledged tail cut before loading (`NodeOptions.cutsDivergedTail`), and
    /// the files that keep them.
    public var divergedCut = DivergedTailCut()
    /// Snapshots set aside because they came after the cut.
    public var divergedSnapshots: [String] = []
}

/// One node's data folder brought to life: the newest good snapshot, the log replayed after it, and an engine
/// whose every write goes through the log.
///
/// Layout: `DIR/wal/wal-<first LSN>.seg` (the log), `DIR/snapshots/snap-<LSN>.snap`, `DIR/bookings-archive/` (the
/// archived bookings, ``ArchiveStore``). After each snapshot, the log's
/// segments that the oldest snapshot kept covers are deleted or moved to `NodeOptions.archiveDirectory`, so the
/// log starts at most one past the oldest snapshot, and a fall back to it still has every record after it.
public final class Node: Sendable {
    /// The engine, serving requests.
    public let engine: BookingEngine
    /// The log the engine writes through.
    public let log: EngineLog
    /// Set while a promotion runs: a second one is refused before it records anything.
    let promotionInFlight = Mutex(false)
    /// The snapshot files.
    public let snapshots: SnapshotStore
    /// What loading found.
    public let startup: StartupReport
    /// The options it was opened with.
    public let options: NodeOptions
    /// The data folder.
    public let dataDirectory: String
    /// The archived bookings' files.
    public let archive: ArchiveStore

    private init(
        engine: BookingEngine, log: EngineLog, snapshots: SnapshotStore, startup: StartupReport, options: NodeOptions,
        dataDirectory: String
    ) {
        self.dataDirectory = dataDirectory
        archive = ArchiveStore(directory: dataDirectory + "/" + ArchiveStore.folderName, storage: options.storage)
        self.engine = engine
        self.log = log
        self.snapshots = snapshots
        self.startup = startup
        self.options = options
    }

    /// Opens (or creates) a data folder: snapshot, then replay, then ready for writes.
    public static func open(dataDirectory: String, options: NodeOptions = NodeOptions()) throws(NodeError) -> Node {
        let started = WALClock.wallClockMillis()
        var report = StartupReport()
        let snapshots = SnapshotStore(directory: dataDirectory + "/snapshots", storage: options.storage)
        let store: StateStore
        if options.cutsDivergedTail, let (fence, lsn) = options.fence {
            do {
                report.divergedCut = try WriteAheadLog.cutDivergedTail(
                    directory: dataDirectory + "/wal", storage: options.storage, after: lsn, belowEpoch: fence.epoch)
                report.divergedSnapshots = try snapshots.setAside(after: lsn)
            } catch {
                throw NodeError(.logUnreadable, "cannot cut the diverged tail after LSN \(lsn): \(error)")
            }
        }
        do {
            try options.storage.createDirectory(dataDirectory)
            let (state, skipped) = try snapshots.loadNewest()
            report.skippedSnapshots = skipped
            report.snapshotLSN = state?.appliedLSN ?? 0
            store = StateStore(state ?? EngineState())
        } catch {
            throw NodeError(.snapshotsUnreadable, "cannot read the snapshots: \(error)", underlying: error)
        }
        let wal: WriteAheadLog
        var walOptions = options.walOptions
        walOptions.snapshotLSN = report.snapshotLSN
        do {
            (wal, report.recovery) = try WriteAheadLog.open(
                directory: dataDirectory + "/wal",
                storage: options.storage,
                options: walOptions,
                onDurable: EngineLog.applier(into: store)
            )
            let archive = ArchiveStore(
                directory: dataDirectory + "/" + ArchiveStore.folderName, storage: options.storage)
            report.replayedRecords = try replay(wal, into: store, archive: archive, after: report.snapshotLSN)
        } catch let error as WALError {
            throw NodeError(.logUnreadable, "cannot open the log: \(error)", underlying: error)
        } catch let error as NodeError {
            throw error
        } catch {
            throw NodeError(.replayFailed, "\(error)")
        }
        if options.readOnly { wal.makeReadOnly() }
        if let (fence, lsn) = options.fence { wal.reinstate(fence, lsn: lsn) }
        let largest = store.read { $0.largestID() }
        let log = EngineLog(wal: wal, lease: options.writeLease)
        let engine = BookingEngine(
            store: store,
            log: log,
            ids: IdentifierGenerator(after: max(largest, UInt64(max(started, 0)) << 16))
        )
        report.seconds = Double(WALClock.wallClockMillis() - started) / 1000
        if options.cutsDivergedTail, let (fence, lsn) = options.fence {
            do {
                try LeadershipRecord.fenced(fence, lsn: min(lsn, wal.durableLSN)).save(
                    dataDirectory: dataDirectory, storage: options.storage)
            } catch {
                throw NodeError(.storage, "cannot record the fence after the cut: \(error)", underlying: error)
            }
        }
        return Node(
            engine: engine, log: log, snapshots: snapshots, startup: report, options: options,
            dataDirectory: dataDirectory)
    }

    /// Applies every record after `lsn`; a record that does not decode or apply is a damaged log: stop. An archived
    /// batch's file is checked (and written again from the state when it is missing) before the batch is applied.
    static func replay(_ wal: WriteAheadLog, into store: StateStore, archive: ArchiveStore, after lsn: UInt64) throws
        -> Int
    {
        var count = 0
        var failure: (any Error)?
        try wal.forEachRecord(from: lsn + 1) { record in
            guard failure == nil else { return }
            do {
                let event = try EventCodec.decode(record.payload)
                if case .bookingsArchived(let batch) = event {
                    try archive.ensure(batch) { store.read { BookingEngine.archiveContent(for: batch, in: $0) } }
                }
                try store.applyReplayed(event, lsn: record.lsn)
                count += 1
            } catch {
                failure = NodeError(
                    .replayFailed, "record \(record.lsn) cannot be replayed: \(error)", underlying: error)
            }
        }
        if let failure { throw failure }
        return count
    }

    /// Writes a snapshot of the current state, then prunes the log (`pruneLog()`); returns its LSN and size.
    @discardableResult
    public func takeSnapshot() throws(WALError) -> (lsn: UInt64, bytes: Int) {
        let state = engine.store.snapshot()
        let bytes: Int
        do {
            bytes = try snapshots.write(state, timestampMillis: WALClock.wallClockMillis())
        } catch {
            throw WALError.storage(error, "cannot write a snapshot")
        }
        try pruneLog()
        return (state.appliedLSN, bytes)
    }

    /// Takes out of the log (deleted, or moved to `options.archiveDirectory`) the segments that the oldest snapshot
    /// kept covers: a fall back to that snapshot still finds every record after it.
    @discardableResult
    public func pruneLog() throws(WALError) -> PruneReport {
        let oldest: UInt64
        do {
            oldest = try snapshots.lsns().last ?? 0
        } catch {
            throw WALError.storage(error, "cannot list the snapshots")
        }
        return try log.wal.prune(through: oldest, archiveDirectory: options.archiveDirectory)
    }

    /// Flushes and closes the log.
    public func close() async { await log.wal.close() }
}
