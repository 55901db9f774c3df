import Synchronization
import WAL

/// `PosixStorage` with a stopwatch on the writer's two system calls, `write` (append) and `fdatasync` (syncFile):
/// how much of a window the log's writer spent in each tells whether the device or the code sets the pace.
final class TimedStorage: WALStorage {
    private let posix = PosixStorage()
    private let appendNanoseconds = Atomic<UInt64>(0)
    private let syncNanoseconds = Atomic<UInt64>(0)

    /// Total time spent in `append` and in `syncFile` so far.
    var totals: (appendSeconds: Double, syncSeconds: Double) {
        (
            Double(appendNanoseconds.load(ordering: .relaxed)) / 1e9,
            Double(syncNanoseconds.load(ordering: .relaxed)) / 1e9
        )
    }

    func append(_ file: StorageFile, _ bytes: UnsafeRawBufferPointer) throws(WALStorageError) -> Int {
        let started = monotonicNanoseconds()
        defer { appendNanoseconds.add(monotonicNanoseconds() - started, ordering: .relaxed) }
        return try posix.append(file, bytes)
    }

    func syncFile(_ file: StorageFile) throws(WALStorageError) {
        let started = monotonicNanoseconds()
        defer { syncNanoseconds.add(monotonicNanoseconds() - started, ordering: .relaxed) }
        try posix.syncFile(file)
    }

    func createDirectory(_ path: String) throws(WALStorageError) { try posix.createDirectory(path) }
    func listDirectory(_ path: String) throws(WALStorageError) -> [String] { try posix.listDirectory(path) }
    func openFile(_ path: String, create: Bool) throws(WALStorageError) -> StorageFile {
        try posix.openFile(path, create: create)
    }
    func syncDirectory(_ path: String) throws(WALStorageError) { try posix.syncDirectory(path) }
    func truncate(_ file: StorageFile, length: Int) throws(WALStorageError) { try posix.truncate(file, length: length) }
    func close(_ file: StorageFile) { posix.close(file) }
    func readFile(_ path: String) throws(WALStorageError) -> [UInt8] { try posix.readFile(path) }
    func read(_ path: String, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        try posix.read(path, offset: offset, count: count)
    }
    func rename(_ source: String, to destination: String) throws(WALStorageError) {
        try posix.rename(source, to: destination)
    }
    func remove(_ path: String) throws(WALStorageError) { try posix.remove(path) }
    func removeDirectory(_ path: String) throws(WALStorageError) { try posix.removeDirectory(path) }
    func fileSize(_ path: String) throws(WALStorageError) -> Int { try posix.fileSize(path) }
    func openForReading(_ path: String) throws(WALStorageError) -> StorageFile { try posix.openForReading(path) }
    func read(_ file: StorageFile, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        try posix.read(file, offset: offset, count: count)
    }
    func fileSize(_ file: StorageFile) throws(WALStorageError) -> Int { try posix.fileSize(file) }
}
