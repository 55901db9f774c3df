import WAL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Copies data folders file by file through the storage layer, fsyncing what it writes.
enum DataCopy {
    /// What a copy holds.
    struct Copied {
        /// Segment files copied (from the log and the archives).
        var segments = 0
        /// The snapshots copied, newest first.
        var snapshotLSNs: [UInt64] = []
        /// Bytes copied.
        var bytes = 0
        /// First LSN of the oldest segment copied, if any.
        var firstLSN: UInt64?
    }

    /// Attempts at a copy whose log and snapshots fit together, when the source prunes while it is copied.
    static let attemptsMax = 3

    /// Copies every snapshot of `source/snapshots`, every `*.seg` of `source/wal`, and the segments of `archives`
    /// the log no longer holds, into `destination` (`snapshots/`, `wal/`). A segment still being written is copied
    /// as it stands; its torn end (if any) is cut when the copy is opened. Snapshots go first, so the log copied
    /// after them reaches at least as far; when the source prunes meanwhile (a segment vanishes, or the oldest
    /// segment copied starts after every snapshot copied), the copy starts over, at most `attemptsMax` times.
    static func copyData(
        from source: String, to destination: String, archives: [String] = [], storage: any WALStorage
    ) throws(WALStorageError) -> Copied {
        var copied = Copied()
        for attempt in 1...attemptsMax {
            if attempt > 1 {
                try clear(destination, storage)
            }
            var vanished = false
            (copied, vanished) = try copyOnce(from: source, to: destination, archives: archives, storage: storage)
            if !vanished && covers(copied) {
                break
            }
        }
        return copied
    }

    /// Whether the copied log starts at LSN 1, or at most one past a copied snapshot.
    private static func covers(_ copied: Copied) -> Bool {
        guard let first = copied.firstLSN, first > 1 else {
            return true
        }
        return copied.snapshotLSNs.contains { $0 + 1 >= first }
    }

    /// One pass of `copyData`; also says whether a segment vanished while it was copied.
    private static func copyOnce(
        from source: String, to destination: String, archives: [String], storage: any WALStorage
    ) throws(WALStorageError) -> (Copied, vanished: Bool) {
        var copied = Copied()
        try storage.createDirectory(destination)
        let snapshots = SnapshotStore(directory: source + "/snapshots", storage: storage)
        for lsn in try snapshots.lsns() {
            let name = SnapshotStore.fileName(lsn: lsn)
            guard
                let bytes = try copyIfPresent(
                    source + "/snapshots/" + name, into: destination + "/snapshots", name, storage)
            else { continue }
            copied.bytes += bytes
            copied.snapshotLSNs.append(lsn)
        }
        // Archive files are written before the log names them and never change: copied before the log, every one
        // the log or a snapshot can name is there.
        let archiveFolder = "/" + ArchiveStore.folderName
        for name in (try? storage.listDirectory(source + archiveFolder)) ?? [] where name.hasSuffix(".nba") {
            if let bytes = try copyIfPresent(
                source + archiveFolder + "/" + name, into: destination + archiveFolder, name, storage)
            {
                copied.bytes += bytes
            }
        }
        try storage.createDirectory(destination + "/wal")
        var segments: [String: UInt64] = [:]
        var vanished: [UInt64] = []
        for directory in [source + "/wal"] + archives {
            for segment in SegmentName.segments(in: try storage.listDirectory(directory))
            where segments[segment.name] == nil {
                let path = directory + "/" + segment.name
                if let bytes = try copyIfPresent(path, into: destination + "/wal", segment.name, storage) {
                    copied.bytes += bytes
                    segments[segment.name] = segment.firstLSN
                } else {
                    vanished.append(segment.firstLSN)
                }
            }
        }
        // A segment gone from the log (pruned) and from every archive: the copy starts after it.
        let missing = vanished.filter { segments[SegmentName.fileName(firstLSN: $0)] == nil }
        if let last = missing.max() {
            for (name, firstLSN) in segments where firstLSN < last {
                try storage.remove(destination + "/wal/" + name)
                segments[name] = nil
            }
        }
        copied.segments = segments.count
        copied.firstLSN = segments.values.min()
        return (copied, !vanished.isEmpty)
    }

    /// Copies a file, or returns nil when it is gone (removed while the folder was being copied).
    private static func copyIfPresent(_ path: String, into directory: String, _ name: String, _ storage: any WALStorage)
        throws(WALStorageError) -> Int?
    {
        do throws(WALStorageError) {
            return try copyFile(path, into: directory, name, storage)
        } catch let error where error.errorNumber == ENOENT && error.path == path {
            return nil
        }
    }

    /// Removes what a failed attempt copied.
    private static func clear(_ destination: String, _ storage: any WALStorage) throws(WALStorageError) {
        for directory in [
            destination + "/wal", destination + "/snapshots", destination + "/" + ArchiveStore.folderName,
        ] {
            for name in (try? storage.listDirectory(directory)) ?? [] {
                try storage.remove(directory + "/" + name)
            }
        }
    }

    /// Removes what a copy wrote into `destination` (its `wal` and `snapshots` folders and their files), and
    /// `destination` itself unless `keepingRoot`; best effort, after a failure.
    static func removeCopy(_ destination: String, keepingRoot: Bool, _ storage: any WALStorage) {
        try? clear(destination, storage)
        try? storage.removeDirectory(destination + "/wal")
        try? storage.removeDirectory(destination + "/snapshots")
        try? storage.removeDirectory(destination + "/" + ArchiveStore.folderName)
        if !keepingRoot { try? storage.removeDirectory(destination) }
    }

    static func copyFile(_ path: String, into directory: String, _ name: String, _ storage: any WALStorage)
        throws(WALStorageError) -> Int
    {
        let bytes = try storage.readFile(path)
        try storage.writeWholeFile(bytes, to: directory + "/" + name, in: directory)
        return bytes.count
    }
}
