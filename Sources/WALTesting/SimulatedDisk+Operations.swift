import WAL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `WALStorage` operations on the simulated disk, with the injected faults.
extension SimulatedDisk {
    /// Creates a directory; durable at once (the log's directory is created once, before anything is in it).
    /// Removes an empty directory.
    mutating func removeDirectory(_ path: String) throws(WALStorageError) {
        try begin(.other, "rmdir", path)
        guard let directory = directories[path] else {
            throw WALStorageError(errorNumber: ENOENT, operation: "rmdir", path: path)
        }
        guard directory.entries.isEmpty else {
            throw WALStorageError(errorNumber: ENOTEMPTY, operation: "rmdir", path: path)
        }
        directories[path] = nil
    }

    mutating func createDirectory(_ path: String) throws(WALStorageError) {
        try begin(.other, "mkdir", path)
        if directories[path] == nil {
            directories[path] = Directory()
        }
    }

    /// The names in a directory now.
    mutating func listDirectory(_ path: String) throws(WALStorageError) -> [String] {
        try begin(.other, "opendir", path)
        guard let directory = directories[path] else {
            throw WALStorageError(errorNumber: ENOENT, operation: "opendir", path: path)
        }
        return Array(directory.entries.keys)
    }

    /// Opens a file; `create` links a new empty inode, or empties an existing one (both pending until synced).
    mutating func openFile(_ path: String, create: Bool) throws(WALStorageError) -> StorageFile {
        try begin(.other, "open", path)
        let (directory, name) = Self.split(path)
        guard directories[directory] != nil else {
            throw WALStorageError(errorNumber: ENOENT, operation: "open", path: path)
        }
        let inode: Int
        if let existing = directories[directory]?.entries[name] {
            inode = existing
            if create {
                change(inode, .truncate(length: 0))
            }
        } else if create {
            inode = inodeNext
            inodeNext += 1
            inodes[inode] = Inode()
            change(directory: directory, .link(name: name, inode: inode))
        } else {
            throw WALStorageError(errorNumber: ENOENT, operation: "open", path: path)
        }
        let descriptor = descriptorNext
        descriptorNext += 1
        openFiles[descriptor] = inode
        return StorageFile(descriptor: descriptor, path: path)
    }

    /// Appends bytes, subject to write failures, short writes and a power cut in the middle of the write.
    mutating func append(_ file: StorageFile, _ bytes: [UInt8]) throws(WALStorageError) -> Int {
        try begin(.write, "write", file.path)
        let inode = try inode(of: file, "write")
        for case .writesFail(let first, let errorNumber) in faults where counters.writes >= first {
            throw WALStorageError(errorNumber: errorNumber, operation: "write", path: file.path)
        }
        let offset = inodes[inode]!.content.count
        if faults.contains(.powerCutAtOperation(counters.operations)) {
            // The power fails while the write is in flight: some prefix of it reached the page cache.
            let kept = random.below(bytes.count + 1)
            if kept > 0 {
                change(inode, .write(offset: offset, bytes: Array(bytes.prefix(kept))))
            }
            poweredOff = true
            throw WALStorageError(errorNumber: EIO, operation: "write", path: file.path)
        }
        var count = bytes.count
        for case .shortWrite(let number, let bytesMax) in faults where number == counters.writes {
            count = min(count, bytesMax)
        }
        precondition(count > 0 || bytes.isEmpty, "a short write must write something")
        change(inode, .write(offset: offset, bytes: Array(bytes.prefix(count))))
        return count
    }

    /// Syncs a file's bytes, subject to a failing sync and a power cut.
    mutating func syncFile(_ file: StorageFile) throws(WALStorageError) {
        try begin(.sync, "fdatasync", file.path)
        let inode = try inode(of: file, "fdatasync")
        try syncFaults("fdatasync", file.path) { disk in disk.makeDurable(inode) }
        makeDurable(inode)
    }

    /// Syncs a directory's entries, subject to a failing sync and a power cut.
    mutating func syncDirectory(_ path: String) throws(WALStorageError) {
        try begin(.sync, "fsync directory", path)
        guard directories[path] != nil else {
            throw WALStorageError(errorNumber: ENOENT, operation: "fsync directory", path: path)
        }
        try syncFaults("fsync directory", path) { disk in disk.makeDurable(directory: path) }
        makeDurable(directory: path)
    }

    /// Throws when this sync is armed to fail (nothing becomes durable; a failed sync is never retried) or to cut
    /// the power (the sync may or may not have reached the disk first).
    private mutating func syncFaults(
        _ operation: String, _ path: String, complete: (inout SimulatedDisk) -> Void
    ) throws(WALStorageError) {
        for case .powerCut(let number, let syncCompletes) in faults where number == counters.syncs {
            if syncCompletes {
                complete(&self)
            }
            poweredOff = true
            throw WALStorageError(errorNumber: EIO, operation: operation, path: path)
        }
        if faults.contains(.syncFails(atSync: counters.syncs)) {
            throw WALStorageError(errorNumber: EIO, operation: operation, path: path)
        }
    }

    /// Cuts an open file.
    mutating func truncate(_ file: StorageFile, length: Int) throws(WALStorageError) {
        precondition(length >= 0, "negative truncation length")
        try begin(.other, "ftruncate", file.path)
        change(try inode(of: file, "ftruncate"), .truncate(length: length))
    }

    /// Releases a descriptor; the inode stays while a name refers to it.
    mutating func close(_ file: StorageFile) {
        openFiles[file.descriptor] = nil
    }

    /// Up to `count` bytes from `offset` of what reads see now.
    mutating func read(_ path: String, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        precondition(offset >= 0 && count >= 0, "negative read range")
        try begin(.other, "pread", path)
        let content = inodes[try inode(at: path, "pread")]!.content
        let start = min(offset, content.count)
        return Array(content[start..<(start + min(count, content.count - start))])
    }

    /// Opens a file for reading: the descriptor keeps its inode after the name is removed or renamed over.
    mutating func openForReading(_ path: String) throws(WALStorageError) -> StorageFile {
        try begin(.other, "open", path)
        let inode = try inode(at: path, "open")
        let descriptor = descriptorNext
        descriptorNext += 1
        openFiles[descriptor] = inode
        return StorageFile(descriptor: descriptor, path: path)
    }

    /// Up to `count` bytes from `offset` of what reads of an open file see now.
    mutating func read(_ file: StorageFile, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        precondition(offset >= 0 && count >= 0, "negative read range")
        try begin(.other, "pread", file.path)
        let content = inodes[try inode(of: file, "pread")]!.content
        let start = min(offset, content.count)
        return Array(content[start..<(start + min(count, content.count - start))])
    }

    /// The size reads of an open file see now.
    mutating func fileSize(_ file: StorageFile) throws(WALStorageError) -> Int {
        try begin(.other, "fstat", file.path)
        return inodes[try inode(of: file, "fstat")]!.content.count
    }

    /// Renames within one directory (pending until the directory is synced).
    mutating func rename(_ source: String, to destination: String) throws(WALStorageError) {
        try begin(.other, "rename", source)
        let (directory, sourceName) = Self.split(source)
        let (destinationDirectory, destinationName) = Self.split(destination)
        guard directory == destinationDirectory else {
            throw WALStorageError(errorNumber: EXDEV, operation: "rename", path: source + " -> " + destination)
        }
        _ = try inode(at: source, "rename")
        change(directory: directory, .rename(from: sourceName, to: destinationName))
    }

    /// Unlinks a name (pending until the directory is synced).
    mutating func remove(_ path: String) throws(WALStorageError) {
        try begin(.other, "unlink", path)
        _ = try inode(at: path, "unlink")
        let (directory, name) = Self.split(path)
        change(directory: directory, .unlink(name: name))
    }

    /// The size reads see now.
    mutating func fileSize(_ path: String) throws(WALStorageError) -> Int {
        try begin(.other, "stat", path)
        return inodes[try inode(at: path, "stat")]!.content.count
    }
}
