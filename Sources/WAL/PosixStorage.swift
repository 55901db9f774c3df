#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `WALStorage` on the real file system through POSIX calls: appends with `O_APPEND` and a write loop, `fdatasync`
/// for files and `fsync` on a directory descriptor for directory entries.
public struct PosixStorage: WALStorage {
    /// Creates the storage; it holds no state of its own.
    public init() {}

    /// Creates the directory with mode 0700 (only the server's user may list or enter it) unless it exists.
    public func createDirectory(_ path: String) throws(WALStorageError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw failure("mkdir", path)
        }
    }

    /// Lists the directory with `opendir`/`readdir`, leaving out `.` and `..`.
    public func listDirectory(_ path: String) throws(WALStorageError) -> [String] {
        guard let stream = opendir(path) else {
            throw failure("opendir", path)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." {
                names.append(name)
            }
        }
        return names
    }

    /// Opens with `O_WRONLY | O_APPEND` (plus `O_CREAT | O_TRUNC` with `create`), retrying on `EINTR`.
    public func openFile(_ path: String, create: Bool) throws(WALStorageError) -> StorageFile {
        let flags = O_WRONLY | O_APPEND | O_CLOEXEC | (create ? O_CREAT | O_TRUNC : 0)
        while true {
            let descriptor = open(path, flags, 0o600)
            if descriptor >= 0 {
                return StorageFile(descriptor: descriptor, path: path)
            }
            if errno != EINTR {
                throw failure("open", path)
            }
        }
    }

    /// Writes until every byte is written, retrying on `EINTR` and continuing after partial writes; so it returns
    /// `bytes.count` or throws (the bytes before the failure may be in the file).
    public func append(_ file: StorageFile, _ bytes: UnsafeRawBufferPointer) throws(WALStorageError) -> Int {
        var written = 0
        while written < bytes.count {
            let result = write(file.descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result > 0 {
                written += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                // A zero return for a non-empty write is not supposed to happen on a regular file; stop rather than spin.
                throw result == 0
                    ? WALStorageError(errorNumber: EIO, operation: "write", path: file.path)
                    : failure("write", file.path)
            }
        }
        precondition(written == bytes.count, "write loop overran the buffer")
        return written
    }

    /// `fdatasync`, never retried: after a failed sync the kernel may have dropped the dirty pages.
    public func syncFile(_ file: StorageFile) throws(WALStorageError) {
        if syncData(file.descriptor) != 0 {
            throw failure("fdatasync", file.path)
        }
    }

    /// Opens the directory read-only and `fsync`s it, making creations, renames and removals in it durable.
    public func syncDirectory(_ path: String) throws(WALStorageError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw failure("open directory", path)
        }
        defer { closeDescriptor(descriptor) }
        if fsync(descriptor) != 0 {
            throw failure("fsync directory", path)
        }
    }

    /// `ftruncate`.
    public func truncate(_ file: StorageFile, length: Int) throws(WALStorageError) {
        precondition(length >= 0, "negative truncation length")
        if ftruncate(file.descriptor, off_t(length)) != 0 {
            throw failure("ftruncate", file.path)
        }
    }

    /// `close`; its error is ignored because it cannot undo or confirm anything the log relies on.
    public func close(_ file: StorageFile) {
        closeDescriptor(file.descriptor)
    }

    /// Reads the whole file with `pread` up to the size `fstat` reports.
    public func readFile(_ path: String) throws(WALStorageError) -> [UInt8] {
        try read(path, offset: 0, count: Int.max)
    }

    /// Reads with `pread` until `count` bytes or the end of the file, retrying on `EINTR`.
    public func read(_ path: String, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        let file = try openForReading(path)
        defer { close(file) }
        return try read(file, offset: offset, count: count)
    }

    /// Opens with `O_RDONLY`.
    public func openForReading(_ path: String) throws(WALStorageError) -> StorageFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw failure("open", path)
        }
        return StorageFile(descriptor: descriptor, path: path)
    }

    /// `pread` in a loop, up to the size `fstat` gives.
    public func read(_ file: StorageFile, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        precondition(offset >= 0 && count >= 0, "negative read range")
        let wanted = max(0, min(count, try fileSize(file) - offset))
        var bytes = [UInt8](repeating: 0, count: wanted)
        var done = 0
        while done < wanted {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(file.descriptor, buffer.baseAddress! + done, wanted - done, off_t(offset + done))
            }
            if result > 0 {
                done += result
            } else if result == 0 {
                break  // the file shrank since fstat
            } else if errno != EINTR {
                throw failure("pread", file.path)
            }
        }
        return done == wanted ? bytes : Array(bytes.prefix(done))
    }

    /// `fstat`'s size.
    public func fileSize(_ file: StorageFile) throws(WALStorageError) -> Int {
        var status = stat()
        guard fstat(file.descriptor, &status) == 0 else {
            throw failure("fstat", file.path)
        }
        return Int(status.st_size)
    }

    /// `rename`.
    public func rename(_ source: String, to destination: String) throws(WALStorageError) {
        if renameFile(source, destination) != 0 {
            throw failure("rename", source + " -> " + destination)
        }
    }

    /// `unlink`.
    public func remove(_ path: String) throws(WALStorageError) {
        if unlink(path) != 0 {
            throw failure("unlink", path)
        }
    }

    /// `rmdir`: the directory must be empty.
    public func removeDirectory(_ path: String) throws(WALStorageError) {
        if rmdir(path) != 0 {
            throw failure("rmdir", path)
        }
    }

    /// `stat`'s size.
    public func fileSize(_ path: String) throws(WALStorageError) -> Int {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw failure("stat", path)
        }
        return Int(status.st_size)
    }

    /// The current `errno` as a storage error.
    private func failure(_ operation: String, _ path: String) -> WALStorageError {
        WALStorageError(errorNumber: errno, operation: operation, path: path)
    }
}

/// `close(2)`, outside the type whose `close` method would shadow it.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

/// `rename(2)`, outside the type whose `rename` method would shadow it.
private func renameFile(_ source: String, _ destination: String) -> Int32 {
    rename(source, destination)
}

/// `fdatasync(2)` where the platform has it, else `fsync(2)`.
private func syncData(_ descriptor: Int32) -> Int32 {
    #if os(Linux)
        return fdatasync(descriptor)
    #else
        return fsync(descriptor)
    #endif
}
