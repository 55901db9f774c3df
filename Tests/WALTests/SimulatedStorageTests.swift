import Testing
import WAL
import WALTesting

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Simulated storage")
struct SimulatedStorageTests {
    let directory = "/d"

    /// A disk with `/d/file` created, holding `synced` durably (file and directory synced), then `unsynced` appended.
    func disk(synced: [UInt8], unsynced: [UInt8], seed: UInt64 = 1) throws -> (SimulatedStorage, StorageFile) {
        let storage = SimulatedStorage(seed: seed)
        try storage.createDirectory(directory)
        let file = try storage.openFile(directory + "/file", create: true)
        try write(storage, file, synced)
        try storage.syncFile(file)
        try storage.syncDirectory(directory)
        try write(storage, file, unsynced)
        return (storage, file)
    }

    func write(_ storage: SimulatedStorage, _ file: StorageFile, _ bytes: [UInt8]) throws {
        if !bytes.isEmpty {
            let written = try bytes.withUnsafeBytes { try storage.append(file, $0) }
            #expect(written == bytes.count)
        }
    }

    @Test("a crash keeps synced bytes and drops, keeps or garbles unsynced ones")
    func unsyncedWrites() throws {
        let synced: [UInt8] = [1, 2, 3]
        let unsynced: [UInt8] = Array(repeating: 9, count: 64)
        let expectations: [(SimulatedStorage.CrashMode, ([UInt8]) -> Bool)] = [
            (.dropUnsynced, { $0 == synced }),
            (.keepUnsynced, { $0 == synced + unsynced }),
            (
                .garbleUnsynced,
                { $0.count == 67 && Array($0.prefix(3)) == synced && Array($0.dropFirst(3)) != unsynced }
            ),
            (.mixed, { Array($0.prefix(3)) == synced && $0.count <= 67 }),
        ]
        for (mode, check) in expectations {
            let (storage, _) = try disk(synced: synced, unsynced: unsynced)
            #expect(storage.contents(of: "/d/file") == synced + unsynced)
            storage.crash(mode: mode)
            let after = try #require(storage.contents(of: "/d/file"))
            #expect(check(after), "\(mode): \(after)")
        }
    }

    @Test("a file whose directory was not synced may vanish; a rename or removal may revert")
    func directoryEntries() throws {
        let storage = SimulatedStorage(seed: 2)
        try storage.createDirectory(directory)
        let file = try storage.openFile("/d/new", create: true)
        try write(storage, file, [1])
        try storage.syncFile(file)
        storage.crash(mode: .dropUnsynced)
        #expect(storage.contents(of: "/d/new") == nil, "created but the directory was never synced")

        let (synced, _) = try disk(synced: [5], unsynced: [])
        try synced.rename("/d/file", to: "/d/renamed")
        #expect(try synced.listDirectory(directory) == ["renamed"])
        synced.crash(mode: .dropUnsynced)
        #expect(try synced.listDirectory(directory) == ["file"])
        try synced.remove("/d/file")
        synced.crash(mode: .dropUnsynced)
        #expect(synced.contents(of: "/d/file") == [5])
        try synced.rename("/d/file", to: "/d/renamed")
        try synced.syncDirectory(directory)
        synced.crash(mode: .dropUnsynced)
        #expect(try synced.listDirectory(directory) == ["renamed"])
    }

    @Test("a truncation is durable only once synced")
    func truncation() throws {
        let (storage, file) = try disk(synced: [1, 2, 3, 4], unsynced: [])
        try storage.truncate(file, length: 1)
        #expect(storage.contents(of: "/d/file") == [1])
        storage.crash(mode: .dropUnsynced)
        #expect(storage.contents(of: "/d/file") == [1, 2, 3, 4])
        let reopened = try storage.openFile("/d/file", create: false)
        try storage.truncate(reopened, length: 2)
        try storage.syncFile(reopened)
        storage.crash(mode: .dropUnsynced)
        #expect(storage.contents(of: "/d/file") == [1, 2])
    }

    @Test("a failed sync makes nothing durable and fails once")
    func syncFails() throws {
        let (storage, file) = try disk(synced: [1], unsynced: [2])
        storage.inject(.syncFails(atSync: 1))
        let error = #expect(throws: WALStorageError.self) { try storage.syncFile(file) }
        #expect(error?.errorNumber == EIO)
        storage.crash(mode: .dropUnsynced)
        #expect(storage.contents(of: "/d/file") == [1])
    }

    @Test("a power cut at a sync fails everything after it until the crash")
    func powerCut() throws {
        for completes in [false, true] {
            let (storage, file) = try disk(synced: [1], unsynced: [2])
            storage.inject(.powerCut(atSync: 1, syncCompletes: completes))
            #expect(throws: WALStorageError.self) { try storage.syncFile(file) }
            #expect(storage.isPoweredOff)
            #expect(throws: WALStorageError.self) { try storage.listDirectory(directory) }
            #expect(throws: WALStorageError.self) { try write(storage, file, [3]) }
            storage.crash(mode: .dropUnsynced)
            #expect(!storage.isPoweredOff)
            #expect(storage.contents(of: "/d/file") == (completes ? [1, 2] : [1]))
        }
    }

    @Test("a power cut during a write leaves a prefix of it; short writes and ENOSPC")
    func writeFaults() throws {
        let (storage, file) = try disk(synced: [], unsynced: [])
        let bytes = [UInt8](repeating: 4, count: 100)
        storage.inject(.shortWrite(atWrite: 1, bytesMax: 7))
        #expect(try bytes.withUnsafeBytes { try storage.append(file, $0) } == 7)
        storage.inject(.writesFail(fromWrite: 1, errorNumber: ENOSPC))
        let full = #expect(throws: WALStorageError.self) { try bytes.withUnsafeBytes { try storage.append(file, $0) } }
        #expect(full?.errorNumber == ENOSPC)
        storage.crash(mode: .keepUnsynced)
        let reopened = try storage.openFile("/d/file", create: false)
        storage.inject(.powerCutAtOperation(1))
        #expect(throws: WALStorageError.self) { try bytes.withUnsafeBytes { try storage.append(reopened, $0) } }
        let partial = try #require(storage.contents(of: "/d/file"))
        #expect(partial.count >= 7 && partial.count <= 107 && partial.allSatisfy { $0 == 4 })
        #expect(storage.counters.writes == 3)
    }
}
