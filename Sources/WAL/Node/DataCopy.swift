/// Copies data folders file by file through the storage layer, fsyncing what it writes.
enum DataCopy {
    /// Copies every `*.seg` of `source/wal` and the newest snapshot of `source/snapshots` into `destination`.
    /// A segment still being written is copied as it stands; its torn end (if any) is cut when the copy is opened.
    static func copyData(from source: String, to destination: String, storage: any WALStorage) throws(WALStorageError)
        -> (segments: Int, snapshotLSN: UInt64?, bytes: Int)
    {
        var bytes = 0
        try storage.createDirectory(destination)
        let snapshots = SnapshotStore(directory: source + "/snapshots", storage: storage)
        let snapshotLSN = try snapshots.lsns().first
        if let snapshotLSN {
            let name = SnapshotStore.fileName(lsn: snapshotLSN)
            bytes += try copyFile(source + "/snapshots/" + name, into: destination + "/snapshots", name, storage)
        }
        try storage.createDirectory(destination + "/wal")
        let names = try storage.listDirectory(source + "/wal").filter { $0.hasPrefix("wal-") && $0.hasSuffix(".seg") }
        for name in names.sorted() {
            bytes += try copyFile(source + "/wal/" + name, into: destination + "/wal", name, storage)
        }
        return (names.count, snapshotLSN, bytes)
    }

    static func copyFile(_ path: String, into directory: String, _ name: String, _ storage: any WALStorage)
        throws(WALStorageError) -> Int
    {
        let bytes = try storage.readFile(path)
        try storage.createDirectory(directory)
        let file = try storage.openFile(directory + "/" + name, create: true)
        do {
            try storage.truncate(file, length: 0)
            try storage.appendAll(file, bytes)
            try storage.syncFile(file)
        } catch {
            storage.close(file)
            throw error
        }
        storage.close(file)
        try storage.syncDirectory(directory)
        return bytes.count
    }
}
