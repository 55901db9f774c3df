import Testing
import WAL
import WALTesting

/// A file opened for reading keeps reading the same bytes after it is removed or renamed over: what lets the
/// leader stream a snapshot the snapshot service prunes meanwhile.
@Suite("Read handles")
struct ReadHandleTests {
    static func write(_ bytes: [UInt8], to path: String, in storage: any WALStorage) throws {
        let file = try storage.openFile(path, create: true)
        defer { storage.close(file) }
        _ = try bytes.withUnsafeBytes { try storage.append(file, $0) }
        try storage.syncFile(file)
    }

    static func check(_ storage: any WALStorage, directory: String) throws {
        let path = directory + "/snapshot"
        let old = (0..<1_000).map { UInt8(truncatingIfNeeded: $0) }
        try write(old, to: path, in: storage)
        let handle = try storage.openForReading(path)
        defer { storage.close(handle) }
        #expect(try storage.fileSize(handle) == old.count)
        #expect(try storage.read(handle, offset: 0, count: 100) == Array(old.prefix(100)))
        // Replaced by a newer file, then removed: the handle still reads the old bytes, whole.
        try write([7, 7, 7], to: directory + "/newer", in: storage)
        try storage.rename(directory + "/newer", to: path)
        #expect(try storage.readFile(path) == [7, 7, 7])
        try storage.remove(path)
        #expect(try storage.read(handle, offset: 100, count: 10_000) == Array(old.dropFirst(100)))
        #expect(try storage.read(handle, offset: 2_000, count: 5).isEmpty)
        #expect(throws: WALStorageError.self) { try storage.openForReading(path) }
    }

    @Test("on real files")
    func posix() throws {
        let directory = WALFixtures.makeTemporaryDirectory()
        defer { WALFixtures.removeDirectory(directory) }
        let storage = PosixStorage()
        try storage.createDirectory(directory)
        try Self.check(storage, directory: directory)
    }

    @Test("on the simulated disk")
    func simulated() throws {
        let storage = SimulatedStorage(seed: 1)
        try storage.createDirectory("/d")
        try Self.check(storage, directory: "/d")
    }
}
