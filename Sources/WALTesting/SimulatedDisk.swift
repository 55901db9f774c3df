import WAL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state behind `SimulatedStorage`: directories of names bound to inodes, each inode holding what reads see now
/// (`content`), what a power loss would leave if no pending change reached the disk (`durable`), and the changes in
/// between, in order. Syncing a file or directory folds its pending changes into `durable`.
struct SimulatedDisk {
    /// One file's bytes.
    struct Inode {
        var durable: [UInt8] = []
        var content: [UInt8] = []
        var pending: [FileChange] = []
    }

    /// A change to a file's bytes not yet made durable.
    enum FileChange {
        case write(offset: Int, bytes: [UInt8])
        case truncate(length: Int)
    }

    /// A change to a directory's entries not yet made durable.
    enum DirectoryChange {
        case link(name: String, inode: Int)
        case unlink(name: String)
        case rename(from: String, to: String)
    }

    /// One directory's entries, now and as last synced.
    struct Directory {
        var durable: [String: Int] = [:]
        var entries: [String: Int] = [:]
        var pending: [DirectoryChange] = []
    }

    /// The kinds of operation the fault counters distinguish.
    enum OperationKind {
        case write
        case sync
        case other
    }

    var directories: [String: Directory] = [:]
    var inodes: [Int: Inode] = [:]
    var openFiles: [Int32: Int] = [:]
    var inodeNext = 1
    var descriptorNext: Int32 = 3
    var random: SimulatedRandom
    var counters = SimulatedStorage.Counters()
    /// Armed faults, with absolute operation, write or sync numbers.
    var faults: [SimulatedStorage.Fault] = []
    var poweredOff = false

    init(seed: UInt64) {
        random = SimulatedRandom(seed: seed)
    }

    /// Counts the operation and fails it when the power is off, or when this is the operation the power fails at
    /// (writes handle that themselves, to leave part of their bytes behind).
    mutating func begin(_ kind: OperationKind, _ name: String, _ path: String) throws(WALStorageError) {
        counters.operations += 1
        switch kind {
        case .write: counters.writes += 1
        case .sync: counters.syncs += 1
        case .other: break
        }
        if poweredOff {
            throw WALStorageError(errorNumber: EIO, operation: name, path: path)
        }
        if kind != .write, faults.contains(.powerCutAtOperation(counters.operations)) {
            poweredOff = true
            throw WALStorageError(errorNumber: EIO, operation: name, path: path)
        }
    }

    /// Splits a path into its directory and its last component.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else {
            return (".", path)
        }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// The inode a path names now.
    func inode(at path: String, _ operation: String) throws(WALStorageError) -> Int {
        let (directory, name) = Self.split(path)
        guard let inode = directories[directory]?.entries[name] else {
            throw WALStorageError(errorNumber: ENOENT, operation: operation, path: path)
        }
        return inode
    }

    /// The inode an open descriptor refers to.
    func inode(of file: StorageFile, _ operation: String) throws(WALStorageError) -> Int {
        guard let inode = openFiles[file.descriptor] else {
            throw WALStorageError(errorNumber: EBADF, operation: operation, path: file.path)
        }
        return inode
    }

    /// Records a pending file change and applies it to what reads see.
    mutating func change(_ inode: Int, _ change: FileChange) {
        precondition(inodes[inode] != nil, "change to a missing inode")
        Self.apply(change, to: &inodes[inode]!.content)
        inodes[inode]!.pending.append(change)
    }

    /// Records a pending directory change and applies it to the entries reads see.
    mutating func change(directory: String, _ change: DirectoryChange) {
        precondition(directories[directory] != nil, "change to a missing directory")
        Self.apply(change, to: &directories[directory]!.entries)
        directories[directory]!.pending.append(change)
    }

    /// Makes an inode's pending changes durable.
    mutating func makeDurable(_ inode: Int) {
        guard var file = inodes[inode] else {
            return
        }
        for change in file.pending {
            Self.apply(change, to: &file.durable)
        }
        file.pending = []
        precondition(file.durable.count == file.content.count, "synced bytes disagree with the page cache")
        inodes[inode] = file
    }

    /// Makes a directory's pending changes durable and forgets inodes nothing refers to any more.
    mutating func makeDurable(directory: String) {
        guard var entries = directories[directory] else {
            return
        }
        entries.durable = entries.entries
        entries.pending = []
        directories[directory] = entries
        collectGarbage()
    }

    /// Drops inodes that no directory entry (current or durable) and no open descriptor refers to.
    mutating func collectGarbage() {
        var referenced = Set(openFiles.values)
        for directory in directories.values {
            referenced.formUnion(directory.entries.values)
            referenced.formUnion(directory.durable.values)
        }
        inodes = inodes.filter { referenced.contains($0.key) }
    }

    /// Applies a file change to bytes; a write past the end leaves a hole of zeros, as a sparse file reads.
    static func apply(_ change: FileChange, to bytes: inout [UInt8]) {
        switch change {
        case .write(let offset, let written):
            if offset == bytes.count {
                bytes.append(contentsOf: written)
                return
            }
            if offset + written.count > bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: offset + written.count - bytes.count))
            }
            bytes.replaceSubrange(offset..<(offset + written.count), with: written)
        case .truncate(let length):
            if length < bytes.count {
                bytes.removeSubrange(length...)
            } else {
                bytes.append(contentsOf: repeatElement(0, count: length - bytes.count))
            }
        }
    }

    /// Applies a directory change to entries; a rename whose source is gone does nothing.
    static func apply(_ change: DirectoryChange, to entries: inout [String: Int]) {
        switch change {
        case .link(let name, let inode):
            entries[name] = inode
        case .unlink(let name):
            entries[name] = nil
        case .rename(let source, let destination):
            if let inode = entries.removeValue(forKey: source) {
                entries[destination] = inode
            }
        }
    }
}
