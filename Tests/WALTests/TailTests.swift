import Core
import Synchronization
import Testing
import WAL
import WALTesting

/// A storage that counts segment reads, to see whether a tailer reads the files or the ring.
final class ReadCountingStorage: WALStorage {
    let base: any WALStorage
    private let reads = Atomic<Int>(0)

    init(_ base: any WALStorage) { self.base = base }

    /// Reads (`read` and `readFile`) so far.
    var readCount: Int { reads.load(ordering: .relaxed) }

    func createDirectory(_ path: String) throws(WALStorageError) { try base.createDirectory(path) }
    func listDirectory(_ path: String) throws(WALStorageError) -> [String] { try base.listDirectory(path) }
    func openFile(_ path: String, create: Bool) throws(WALStorageError) -> StorageFile {
        try base.openFile(path, create: create)
    }
    func append(_ file: StorageFile, _ bytes: UnsafeRawBufferPointer) throws(WALStorageError) -> Int {
        try base.append(file, bytes)
    }
    func syncFile(_ file: StorageFile) throws(WALStorageError) { try base.syncFile(file) }
    func syncDirectory(_ path: String) throws(WALStorageError) { try base.syncDirectory(path) }
    func truncate(_ file: StorageFile, length: Int) throws(WALStorageError) { try base.truncate(file, length: length) }
    func close(_ file: StorageFile) { base.close(file) }
    func readFile(_ path: String) throws(WALStorageError) -> [UInt8] {
        reads.add(1, ordering: .relaxed)
        return try base.readFile(path)
    }
    func read(_ path: String, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        reads.add(1, ordering: .relaxed)
        return try base.read(path, offset: offset, count: count)
    }
    func rename(_ source: String, to destination: String) throws(WALStorageError) {
        try base.rename(source, to: destination)
    }
    func remove(_ path: String) throws(WALStorageError) { try base.remove(path) }
    func removeDirectory(_ path: String) throws(WALStorageError) { try base.removeDirectory(path) }
    func fileSize(_ path: String) throws(WALStorageError) -> Int { try base.fileSize(path) }
    func openForReading(_ path: String) throws(WALStorageError) -> StorageFile { try base.openForReading(path) }
    func read(_ file: StorageFile, offset: Int, count: Int) throws(WALStorageError) -> [UInt8] {
        try base.read(file, offset: offset, count: count)
    }
    func fileSize(_ file: StorageFile) throws(WALStorageError) -> Int { try base.fileSize(file) }
}

@Suite("Tailing the log")
struct TailTests {
    /// The stream's elements until `done` says stop; fails after `seconds` rather than hanging.
    static func collect<T: Sendable>(
        _ stream: AsyncThrowingStream<T, any Error>, seconds: Int = 20, until done: @escaping @Sendable (T) -> Bool
    ) async throws -> [T] {
        let result = try await withThrowingTaskGroup(of: [T]?.self) { group in
            group.addTask {
                var items: [T] = []
                for try await item in stream {
                    items.append(item)
                    if done(item) { break }
                }
                return items
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        return try #require(result, "timed out")
    }

    @Test("a tailer from LSN 1 sees the history, then 16 concurrent writers' records, in order, without gaps")
    func historyThenLive() async throws {
        let directory = WALFixtures.makeTemporaryDirectory()
        defer { WALFixtures.removeDirectory(directory) }
        var rng = SplitMix64(seed: 900)
        let options = WALFixtures.options(segmentSizeBytes: 4096, batchBytesMax: 1024, durability: .none)
        var history: [[UInt8]] = []
        let (first, _) = try WALFixtures.open(PosixStorage(), directory: directory, options: options)
        for _ in 0..<30 {
            let batch = (0..<(1 + rng.int(8))).map { _ in
                WALFixtures.payload(id: history.count, length: rng.int(100), rng: &rng)
            }
            _ = try await first.append(contentsOf: batch)
            history += batch
        }
        await first.close()
        let (log, _) = try WALFixtures.open(PosixStorage(), directory: directory, options: options)
        let writers = 16
        let perWriter = 60
        let total = UInt64(history.count + writers * perWriter)
        let written = SharedValue<[UInt64: [UInt8]]>([:])
        async let seen = Self.collect(log.tail(from: 1)) { $0.lsn == total }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        let payload = [UInt8(writer), UInt8(index)] + Array(repeating: UInt8(index), count: index)
                        let lsn = try await log.append(payload)
                        written.update { $0[lsn] = payload }
                    }
                }
            }
            try await group.waitForAll()
        }
        let records = try await seen
        #expect(records.map(\.lsn) == Array(1...total))
        #expect(records.prefix(history.count).map(\.payload) == history)
        let live = written.current
        for record in records.dropFirst(history.count) {
            #expect(live[record.lsn] == record.payload, "LSN \(record.lsn)")
        }
        await log.close()
    }

    @Test("tailed frames are the bytes on disk: they decode with FrameDecoder and chain, from the frame holding lsn")
    func framesDecodeAndChain() async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 910, batchCount: 40)
        let (log, _) = try WALFixtures.open(storage)
        var all = records
        for index in 0..<20 {
            let more = [[UInt8(index), 1], [UInt8(index), 2]]
            _ = try await log.append(contentsOf: more)
            all += more
        }
        let end = log.durableLSN
        let frames = try await Self.collect(log.tailFrames(from: 1)) { $0.header.nextLSN - 1 == end }
        var previous: UInt32 = 0
        var decoded: [FrameRecord] = []
        for frame in frames {
            let result = try frame.bytes.withUnsafeBytes { try FrameDecoder.decode($0, expectedPreviousCRC: previous) }
            #expect(result.header == frame.header && result.frameLength == frame.bytes.count)
            decoded += result.records
            previous = frame.header.headerCRC
        }
        #expect(decoded.map(\.lsn) == Array(1...end) && decoded.map(\.payload) == all)
        let inside = try #require(frames.first { $0.header.recordCount > 1 })
        let lsn = inside.header.firstLSN + 1
        let fromInside = try await Self.collect(log.tailFrames(from: lsn)) { _ in true }
        #expect(fromInside.first == inside)
        let recordsFromInside = try await Self.collect(log.tail(from: lsn)) { _ in true }
        #expect(recordsFromInside.first?.lsn == lsn)
        await log.close()
    }

    @Test("a tailer asking for a pruned LSN gets lsnNotRetained; from the first LSN kept it reads on")
    func prunedLSN() async throws {
        let (storage, records) = try await WALFixtures.buildLog(seed: 920, batchCount: 50)
        let (log, _) = try WALFixtures.open(storage)
        let behind = try log.tailer(from: 2)
        _ = try log.prune(through: UInt64(records.count / 2), archiveDirectory: nil)
        #expect(log.firstLSN > 2)
        for stream in [log.tail(from: 1), log.tail(from: log.firstLSN - 1)] {
            let error = await #expect(throws: WALError.self) { _ = try await Self.collect(stream) { _ in true } }
            #expect(error?.code == .lsnNotRetained)
        }
        let error = await #expect(throws: WALError.self) { _ = try await behind.nextRecords() }
        #expect(error?.code == .lsnNotRetained)
        let first = try await Self.collect(log.tail(from: log.firstLSN)) { _ in true }
        #expect(first.map(\.payload) == [records[Int(log.firstLSN) - 1]])
        await log.close()
    }

    @Test("a slow tailer falls behind the ring, reads the files and still sees everything; a quick one does not read")
    func slowTailer() async throws {
        let storage = ReadCountingStorage(SimulatedStorage(seed: 930))
        var options = WALFixtures.options()
        options.tailRingFramesMax = 4
        let (log, _) = try WALFixtures.open(storage, options: options)
        let tailer = try log.tailer(from: 1)
        _ = try await log.append([0])
        #expect(try await tailer.nextRecords()?.map(\.lsn) == [1])
        // Caught up: each commit is read from the ring, without touching the files.
        let readsBefore = storage.readCount
        for lsn in 2...20 as ClosedRange<UInt64> {
            _ = try await log.append([UInt8(lsn)])
            #expect(try await tailer.nextRecords()?.map(\.lsn) == [lsn])
        }
        #expect(storage.readCount == readsBefore)
        // Left behind by 200 commits: the ring holds only the last 4 frames, so the rest comes from the files.
        for lsn in 21...220 as ClosedRange<UInt64> {
            _ = try await log.append([UInt8(truncatingIfNeeded: lsn)])
        }
        var seen: [FrameRecord] = []
        while seen.last?.lsn != 220, let batch = try await tailer.nextRecords() {
            seen += batch
        }
        #expect(seen.map(\.lsn) == Array(21...220))
        #expect(seen.map(\.payload) == (21...220 as ClosedRange<UInt64>).map { [UInt8(truncatingIfNeeded: $0)] })
        #expect(storage.readCount > readsBefore)
        await log.close()
    }

    @Test("cancelling the consuming task ends the stream and frees the tailer's place; closing the log ends it too")
    func cancellationAndClose() async throws {
        var options = WALFixtures.options()
        options.tailersMax = 1
        let (log, _) = try WALFixtures.open(SimulatedStorage(seed: 940), options: options)
        _ = try await log.append(contentsOf: [[1], [2], [3]])
        let received = SharedValue(0)
        let consumer = Task {
            for try await _ in log.tail(from: 1) {
                received.update { $0 += 1 }
            }
            return received.current
        }
        while received.current < 3 {
            try await Task.sleep(for: .milliseconds(1))
        }
        let refused = #expect(throws: WALError.self) { try log.tailer(from: 1) }
        #expect(refused?.code == .overloaded)
        consumer.cancel()
        #expect(try await consumer.value == 3)
        var reopened: WALTailer?
        for _ in 0..<1000 where reopened == nil {
            reopened = try? log.tailer(from: 1)
            if reopened == nil { try await Task.sleep(for: .milliseconds(1)) }
        }
        let tailer = try #require(reopened)
        #expect(try await tailer.nextRecords()?.map(\.lsn) == [1, 2, 3])
        async let rest = tailer.nextRecords()
        await log.close()
        #expect(try await rest == nil)
    }

    @Test(
        "a tailer delivers a log's records seeded at random batch sizes, across segments, in order",
        arguments: [950, 951])
    func randomBatches(seed: UInt64) async throws {
        var rng = SplitMix64(seed: seed)
        var options = WALFixtures.options()
        options.tailRingFramesMax = 1 + rng.int(8)
        let (log, _) = try WALFixtures.open(SimulatedStorage(seed: seed), options: options)
        let tailer = try log.tailer(from: 1)
        var expected: [[UInt8]] = []
        var seen: [FrameRecord] = []
        for _ in 0..<40 {
            for _ in 0..<rng.int(6) {
                let batch = (0..<(1 + rng.int(5))).map { _ in
                    WALFixtures.payload(id: expected.count, length: rng.int(50), rng: &rng)
                }
                _ = try await log.append(contentsOf: batch)
                expected += batch
            }
            while UInt64(seen.count) < log.durableLSN, let batch = try await tailer.nextRecords() {
                seen += batch
            }
        }
        #expect(seen.map(\.lsn) == Array(1...UInt64(expected.count)), "seed \(seed)")
        #expect(seen.map(\.payload) == expected, "seed \(seed)")
        await log.close()
    }
}
