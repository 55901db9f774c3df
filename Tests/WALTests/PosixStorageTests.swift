import Testing
import WAL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("POSIX storage")
struct PosixStorageTests {
    @Test("every operation on real files")
    func operations() throws {
        let directory = WALFixtures.makeTemporaryDirectory()
        defer { WALFixtures.removeDirectory(directory) }
        let storage = PosixStorage()
        try storage.createDirectory(directory)
        let path = directory + "/a"
        let file = try storage.openFile(path, create: true)
        let bytes = Array(0..<200).map { UInt8($0) }
        #expect(try bytes.withUnsafeBytes { try storage.append(file, $0) } == 200)
        try storage.syncFile(file)
        try storage.syncDirectory(directory)
        #expect(try storage.readFile(path) == bytes)
        #expect(try storage.read(path, offset: 190, count: 50) == Array(bytes[190...]))
        #expect(try storage.read(path, offset: 300, count: 5).isEmpty)
        #expect(try storage.fileSize(path) == 200)
        try storage.truncate(file, length: 50)
        #expect(try [UInt8]([1]).withUnsafeBytes { try storage.append(file, $0) } == 1)
        #expect(try storage.readFile(path) == Array(bytes.prefix(50)) + [1], "appends go to the new end")
        storage.close(file)
        try storage.rename(path, to: directory + "/b")
        #expect(try storage.listDirectory(directory) == ["b"])
        let recreated = try storage.openFile(directory + "/b", create: true)
        storage.close(recreated)
        #expect(try storage.fileSize(directory + "/b") == 0, "create empties an existing file")
        try storage.remove(directory + "/b")
        #expect(try storage.listDirectory(directory).isEmpty)
    }

    @Test("missing files fail with ENOENT")
    func missing() throws {
        let directory = WALFixtures.makeTemporaryDirectory()
        defer { WALFixtures.removeDirectory(directory) }
        let storage = PosixStorage()
        for operation in [
            { _ = try storage.openFile(directory + "/none", create: false) },
            { _ = try storage.readFile(directory + "/none") },
            { _ = try storage.fileSize(directory + "/none") },
            { try storage.remove(directory + "/none") },
            { _ = try storage.listDirectory(directory + "/none") },
        ] as [() throws -> Void] {
            let error = #expect(throws: WALStorageError.self) { try operation() }
            #expect(error?.errorNumber == ENOENT)
            #expect(error.map { "\($0)".contains("ENOENT") } == true)
        }
    }
}
