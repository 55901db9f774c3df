/// An open file of a `WALStorage`: a descriptor meaningful only to the storage that returned it, and the path it was
/// opened with (for error messages).
public struct StorageFile: Sendable, Hashable {
    /// The storage's handle for the file (a POSIX file descriptor for `PosixStorage`).
    public let descriptor: Int32
    /// The path the file was opened with.
    public let path: String

    /// Creates a handle; only storages call this.
    public init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }
}

/// The few file operations the write-ahead log needs, so tests can swap the real file system for one that loses
/// power on purpose (`SimulatedStorage`).
///
/// Durability follows POSIX: bytes given to `append` are durable only after `syncFile` on that file returns, and a
/// file's directory entry (creation, rename, removal) only after `syncDirectory` on its directory returns.
public protocol WALStorage: Sendable {
    /// Creates the directory if it does not exist yet (parents must exist).
    func createDirectory(_ path: String) throws(WALStorageError)
    /// The names (not paths) of the entries in a directory, in no particular order.
    func listDirectory(_ path: String) throws(WALStorageError) -> [String]
    /// Opens a file for appending; with `create`, creates it or empties an existing one first.
    func openFile(_ path: String, create: Bool) throws(WALStorageError) -> StorageFile
    /// Appends bytes at the end of the file and returns how many were written: at least one for a non-empty buffer,
    /// possibly fewer than all of them (a short write), in which case the caller appends the rest.
    func append(_ file: StorageFile, _ bytes: UnsafeRawBufferPointer) throws(WALStorageError) -> Int
    /// Makes the file's contents and size durable (`fdatasync`).
    func syncFile(_ file: StorageFile) throws(WALStorageError)
    /// Makes the directory's entries durable (`fsync` on the directory).
    func syncDirectory(_ path: String) throws(WALStorageError)
    /// Cuts the file to `length` bytes (durable after `syncFile`).
    func truncate(_ file: StorageFile, length: Int) throws(WALStorageError)
    /// Releases the handle. Never fails: a close error cannot un-write synced data.
    func close(_ file: StorageFile)
    /// The whole content of a file.
    func readFile(_ path: String) throws(WALStorageError) -> [UInt8]
    /// Up to `count` bytes of a file from `offset` (fewer at the end of the file).
    func read(_ path: String, offset: Int, count: Int) throws(WALStorageError) -> [UInt8]
    /// Opens a file for reading. The handle keeps reading the same file after it is renamed over or removed, until
    /// `close`.
    func openForReading(_ path: String) throws(WALStorageError) -> StorageFile
    /// Up to `count` bytes of an open file from `offset` (fewer at the end of the file).
    func read(_ file: StorageFile, offset: Int, count: Int) throws(WALStorageError) -> [UInt8]
    /// An open file's size in bytes.
    func fileSize(_ file: StorageFile) throws(WALStorageError) -> Int
    /// Renames a file, replacing any file at `destination` (durable after `syncDirectory`).
    func rename(_ source: String, to destination: String) throws(WALStorageError)
    /// Removes a file (durable after `syncDirectory`).
    func remove(_ path: String) throws(WALStorageError)
    /// Removes an empty directory (`rmdir`).
    func removeDirectory(_ path: String) throws(WALStorageError)
    /// The file's size in bytes.
    func fileSize(_ path: String) throws(WALStorageError) -> Int
}
