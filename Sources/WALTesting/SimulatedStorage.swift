import Synchronization
import WAL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An in-memory `WALStorage` that models power loss and injects faults, for tests of the log and of the layers
/// above it.
///
/// Each file keeps the bytes reads see and, apart, the bytes that are durable; each directory keeps its entries and
/// the entries that are durable. `crash(mode:)` decides, with a seeded generator, what became of every write and
/// every directory change since the last sync: dropped, kept, cut short or replaced by random bytes. So a file
/// created or renamed since its directory was last synced may vanish or revert, whatever its own syncs.
///
/// Thread-safe: every operation runs under one lock.
public final class SimulatedStorage: WALStorage {
    private let disk: Mutex<SimulatedDisk>
    /// Time each sync takes, to let group commit form batches as it would on a real disk.
    private let syncLatencyMicroseconds: UInt32

    /// Creates an empty disk whose crashes are drawn from `seed`; every sync waits `syncLatencyMicroseconds`.
    public init(seed: UInt64, syncLatencyMicroseconds: UInt32 = 0) {
        disk = Mutex(SimulatedDisk(seed: seed))
        self.syncLatencyMicroseconds = syncLatencyMicroseconds
    }

    /// How many operations, writes and syncs (file and directory) the storage has seen.
    public var counters: Counters {
        disk.withLock { $0.counters }
    }

    /// Whether a simulated power cut has happened and `crash(mode:)` has not been called yet.
    public var isPoweredOff: Bool {
        disk.withLock { $0.poweredOff }
    }

    /// Arms a fault; its count starts from now (1 is the next write, sync or operation).
    public func inject(_ fault: Fault) {
        disk.withLock { disk in
            let counters = disk.counters
            switch fault {
            case .syncFails(let number):
                precondition(number > 0, "fault numbers start at 1")
                disk.faults.append(.syncFails(atSync: counters.syncs + number))
            case .writesFail(let number, let errorNumber):
                precondition(number > 0, "fault numbers start at 1")
                disk.faults.append(.writesFail(fromWrite: counters.writes + number, errorNumber: errorNumber))
            case .shortWrite(let number, let bytesMax):
                precondition(number > 0 && bytesMax > 0, "fault numbers start at 1 and a short write writes bytes")
                disk.faults.append(.shortWrite(atWrite: counters.writes + number, bytesMax: bytesMax))
            case .powerCut(let number, let syncCompletes):
                precondition(number > 0, "fault numbers start at 1")
                disk.faults.append(.powerCut(atSync: counters.syncs + number, syncCompletes: syncCompletes))
            case .powerCutAtOperation(let number):
                precondition(number > 0, "fault numbers start at 1")
                disk.faults.append(.powerCutAtOperation(counters.operations + number))
            }
        }
    }

    /// Loses power now: every unsynced write and directory change is dropped, kept, torn or garbled as `mode` says,
    /// every descriptor is closed and every armed fault is cleared; then the power comes back.
    public func crash(mode: CrashMode) {
        disk.withLock { $0.crash(mode: mode) }
    }

    /// What reads of `path` see now, or nil when there is no such file.
    public func contents(of path: String) -> [UInt8]? {
        disk.withLock { disk in
            let (directory, name) = SimulatedDisk.split(path)
            return disk.directories[directory]?.entries[name].flatMap { disk.inodes[$0]?.content }
        }
    }

    /// Replaces a file's bytes (creating it in an existing directory), durably and without counting operations: for
    /// tests that lay out damaged logs.
    public func setContents(of path: String, to bytes: [UInt8]) {
        disk.withLock { disk in
            let (directory, name) = SimulatedDisk.split(path)
            precondition(disk.directories[directory] != nil, "no directory \(directory)")
            let inode = disk.directories[directory]!.entries[name] ?? disk.inodeNext
            disk.inodeNext = max(disk.inodeNext, inode + 1)
            disk.inodes[inode] = SimulatedDisk.Inode(durable: bytes, content: bytes, pending: [])
            disk.directories[directory]!.entries[name] = inode
            disk.directories[directory]!.durable[name] = inode
        }
    }

    /// See `WALStorage.createDirectory(_:)`.
    public func createDirectory(_ path: String) throws(WALStorageError) {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.createDirectory(path) }
    }

    /// See `WALStorage.listDirectory(_:)`.
    public func listDirectory(_ path: String) throws(WALStorageError) -> [String] {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.listDirectory(path) }
    }

    /// See `WALStorage.openFile(_:create:)`.
    public func openFile(_ path: String, create: Bool) throws(WALStorageError) -> StorageFile {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.openFile(path, create: create) }
    }

    /// See `WALStorage.append(_:_:)`.
    public func append(_ file: StorageFile, _ bytes: UnsafeRawBufferPointer) throws(WALStorageError) -> Int {
        let copy = [UInt8](bytes)
        return try disk.withLock { (disk) throws(WALStorageError) in try disk.append(file, copy) }
    }

    /// See `WALStorage.syncFile(_:)`.
    public func syncFile(_ file: StorageFile) throws(WALStorageError) {
        waitSyncLatency()
        try disk.withLock { (disk) throws(WALStorageError) in try disk.syncFile(file) }
    }

    /// See `WALStorage.syncDirectory(_:)`.
    public func syncDirectory(_ path: String) throws(WALStorageError) {
        waitSyncLatency()
        try disk.withLock { (disk) throws(WALStorageError) in try disk.syncDirectory(path) }
    }

    /// See `WALStorage.truncate(_:length:)`.
    public func truncate(_ file: StorageFile, length: Int) throws(WALStorageError) {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.truncate(file, length: length) }
    }

    /// See `WALStorage.close(_:)`.
    public func close(_ file: StorageFile) {
        disk.withLock { $0.close(file) }
    }

    /// See `WALStorage.readFile(_:)`.
    public func readFile(_ path: String) throws(WALStorageError) -> [UInt8] {
        try read(path, offset: 0, count: Int.max)
    }

    /// See `WALStorage.read(_:offset:count:)`.
    public func read(_ path: String, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.read(path, offset: offset, count: count) }
    }

    /// See `WALStorage.openForReading(_:)`.
    public func openForReading(_ path: String) throws(WALStorageError) -> StorageFile {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.openForReading(path) }
    }

    /// See `WALStorage.read(_:offset:count:)`.
    public func read(_ file: StorageFile, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.read(file, offset: offset, count: count) }
    }

    /// See `WALStorage.fileSize(_:)`.
    public func fileSize(_ file: StorageFile) throws(WALStorageError) -> Int {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.fileSize(file) }
    }

    /// See `WALStorage.rename(_:to:)`.
    public func rename(_ source: String, to destination: String) throws(WALStorageError) {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.rename(source, to: destination) }
    }

    /// See `WALStorage.removeDirectory(_:)`.
    public func removeDirectory(_ path: String) throws(WALStorageError) {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.removeDirectory(path) }
    }

    /// See `WALStorage.remove(_:)`.
    public func remove(_ path: String) throws(WALStorageError) {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.remove(path) }
    }

    /// See `WALStorage.fileSize(_:)`.
    public func fileSize(_ path: String) throws(WALStorageError) -> Int {
        try disk.withLock { (disk) throws(WALStorageError) in try disk.fileSize(path) }
    }

    /// Sleeps outside the lock, as a disk's flush takes time without stopping other calls.
    private func waitSyncLatency() {
        if syncLatencyMicroseconds > 0 {
            usleep(syncLatencyMicroseconds)
        }
    }
}
