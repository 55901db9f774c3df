import Core
import Synchronization
import WAL

/// Serializes the writers of one snapshot folder: a writer's temporary file is never truncated, renamed or pruned
/// by another (two writers of the same LSN share a temporary name, and `prune` removes every `*.tmp`).
final class SnapshotWriterLock: Sendable {
    private let mutex = Mutex<Void>(())

    func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try mutex.withLock { _ throws(E) -> T in try body() }
    }
}

/// Snapshot files in `DIR/snapshots`, named `snap-<20-digit LSN>.snap`: written crash-safely (temp file, fsync,
/// rename, directory fsync), loaded newest first with a fall back to older ones when the newest is damaged.
public struct SnapshotStore: Sendable {
    /// The folder holding the snapshots.
    public let directory: String
    let storage: any WALStorage
    /// How many snapshots to keep (the newest ones); older ones are deleted after a new one is written.
    public var retained = 2
    /// One writer at a time (shared by copies of this store).
    let writing = SnapshotWriterLock()

    /// Creates a store (the folder is created on first write).
    public init(directory: String, storage: any WALStorage) {
        self.directory = directory
        self.storage = storage
    }

    /// The file name of the snapshot covering `lsn`.
    public static func fileName(lsn: UInt64) -> String {
        let digits = String(lsn)
        return "snap-" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".snap"
    }

    /// The LSNs of the snapshots present, newest first.
    public func lsns() throws(WALStorageError) -> [UInt64] {
        try storage.createDirectory(directory)
        return try storage.listDirectory(directory).compactMap { name -> UInt64? in
            guard name.hasPrefix("snap-"), name.hasSuffix(".snap"), name.count == 30 else { return nil }
            return UInt64(name.dropFirst(5).prefix(20))
        }.sorted(by: >)
    }

    /// Renames every snapshot after `lsn` to `….snap.diverged` (kept for inspection, never loaded); returns the new
    /// names.
    public func setAside(after lsn: UInt64) throws(WALStorageError) -> [String] {
        var names: [String] = []
        for later in try lsns() where later > lsn {
            let name = Self.fileName(lsn: later)
            try storage.rename(path(name), to: path(name + ".diverged"))
            names.append(name + ".diverged")
        }
        if !names.isEmpty { try storage.syncDirectory(directory) }
        return names
    }

    /// Writes a snapshot of `state`; returns its size in bytes.
    @discardableResult
    public func write(_ state: EngineState, timestampMillis: Int64) throws(WALStorageError) -> Int {
        let bytes = SnapshotFile.encode(state, timestampMillis: timestampMillis)
        try writing.run { () throws(WALStorageError) in
            try storage.writeWholeFile(bytes, to: path(Self.fileName(lsn: state.appliedLSN)), in: directory)
            try prune()
        }
        return bytes.count
    }

    /// Stores a snapshot file received whole (a follower's copy of its leader's), crash-safely, and removes every
    /// other snapshot (they describe a history this node no longer continues).
    public func writeFile(_ bytes: [UInt8], lsn: UInt64) throws(WALStorageError) {
        try writing.run { () throws(WALStorageError) in
            try storage.writeWholeFile(bytes, to: path(Self.fileName(lsn: lsn)), in: directory)
            for other in try lsns() where other != lsn { try storage.remove(path(Self.fileName(lsn: other))) }
            try storage.syncDirectory(directory)
        }
    }

    /// The newest snapshot that reads back whole, with the names of newer ones that were skipped as damaged.
    public func loadNewest(atOrBefore limit: UInt64 = .max) throws(WALStorageError) -> (
        state: EngineState?, skipped: [String]
    ) {
        var skipped: [String] = []
        for lsn in try lsns() where lsn <= limit {
            let name = Self.fileName(lsn: lsn)
            switch SnapshotFile.decode(try storage.readFile(path(name))) {
            case .success(let state): return (state, skipped)
            case .failure(let error): skipped.append("\(name): \(error.reason)")
            }
        }
        return (nil, skipped)
    }

    /// The snapshot covering `lsn`, or why it cannot be used.
    public func load(lsn: UInt64) throws(WALStorageError) -> Result<EngineState, SnapshotError> {
        SnapshotFile.decode(try storage.readFile(path(Self.fileName(lsn: lsn))))
    }

    /// Deletes all but the newest `retained` snapshots, and stray temporary files; only under `writing`, so no
    /// other writer's temporary file is among them.
    private func prune() throws(WALStorageError) {
        for lsn in try lsns().dropFirst(retained) { try storage.remove(path(Self.fileName(lsn: lsn))) }
        for name in try storage.listDirectory(directory) where name.hasSuffix(".tmp") {
            try storage.remove(path(name))
        }
    }

    func path(_ name: String) -> String { directory + "/" + name }
}
