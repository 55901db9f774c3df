import Core
import Synchronization
import Testing
import WAL
import WALTesting

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Collects `onDurable` calls, in the order they came.
final class DurableRecorder: Sendable {
    private let calls = Mutex<[FrameRecord]>([])

    /// The callback to give `WriteAheadLog.open`.
    var callback: @Sendable (UInt64, [UInt8]) -> Void {
        { lsn, payload in self.calls.withLock { $0.append(FrameRecord(lsn: lsn, payload: payload)) } }
    }

    /// Every call so far.
    var records: [FrameRecord] {
        calls.withLock { $0 }
    }
}

/// Shared setup for the log's tests.
enum WALFixtures {
    /// The log directory on simulated storage.
    static let directory = "/wal"

    /// Small segments and batches, so a few dozen records roll several segments; a fixed clock.
    static func options(
        segmentSizeBytes: Int = 2048, batchBytesMax: Int = 512, compression: Bool = true,
        durability: WALOptions.Durability = .fsync
    ) -> WALOptions {
        var options = WALOptions()
        options.segmentSizeBytes = segmentSizeBytes
        options.batchBytesMax = batchBytesMax
        options.batchRecordsMax = 64
        options.compression = compression
        options.durability = durability
        options.epoch = 3
        options.clock = { 1_750_000_000_000 }
        return options
    }

    /// Opens the log at `directory` with a recorder.
    static func open(
        _ storage: any WALStorage, directory: String = directory, options: WALOptions = options(),
        recorder: DurableRecorder = DurableRecorder()
    ) throws(WALError) -> (log: WriteAheadLog, recovery: RecoveryReport) {
        try WriteAheadLog.open(directory: directory, storage: storage, options: options, onDurable: recorder.callback)
    }

    /// Every record of the log, from `lsn`.
    static func replay(_ log: WriteAheadLog, from lsn: UInt64 = 1) throws(WALError) -> [FrameRecord] {
        var records: [FrameRecord] = []
        try log.forEachRecord(from: lsn) { records.append($0) }
        return records
    }

    /// A unique payload: `id` in its first 8 bytes, then `length` more bytes, compressible or random.
    static func payload(id: Int, length: Int, rng: inout SplitMix64) -> [UInt8] {
        let body = rng.int(2) == 0 ? rng.compressibleBytes(length) : rng.bytes(length)
        return withUnsafeBytes(of: UInt64(id).littleEndian, Array.init) + body
    }

    /// `directory/name`.
    static func path(_ name: String, in directory: String = directory) -> String {
        directory + "/" + name
    }

    /// The segment file names in the directory, sorted.
    static func segmentNames(_ storage: any WALStorage, directory: String = directory) throws -> [String] {
        try storage.listDirectory(directory).filter { SegmentName.firstLSN(of: $0) != nil }.sorted()
    }

    /// The frames of a segment's bytes, as the scanner sees them (offsets from the start of the file).
    static func frames(of bytes: [UInt8]) throws -> [FrameScan.Frame] {
        let header = try bytes.withUnsafeBytes { try SegmentHeader.decode($0) }
        let scan = Array(bytes[SegmentHeader.size...]).withUnsafeBytes {
            FrameDecoder.scan($0, previousCRC: header.previousFrameCRC, expectedFirstLSN: header.firstLSN)
        }
        return scan.frames.map { frame in
            var moved = frame
            moved.offset += SegmentHeader.size
            return moved
        }
    }

    /// Writes `batchCount` batches of 1...`recordsMax` unique records to a fresh simulated log and closes it;
    /// returns the storage and the records by LSN (index 0 is LSN 1).
    static func buildLog(
        seed: UInt64, batchCount: Int, recordsMax: Int = 4, lengthMax: Int = 60, options: WALOptions = options()
    ) async throws -> (storage: SimulatedStorage, records: [[UInt8]]) {
        var rng = SplitMix64(seed: seed)
        let storage = SimulatedStorage(seed: seed)
        let (log, _) = try open(storage, options: options)
        var records: [[UInt8]] = []
        for _ in 0..<batchCount {
            let batch = (0..<(1 + rng.int(recordsMax))).map { _ in
                payload(id: records.count + 1000, length: rng.int(lengthMax + 1), rng: &rng)
            }
            let range = try await log.append(contentsOf: batch)
            #expect(range.lowerBound == UInt64(records.count + 1), "seed \(seed)")
            records += batch
        }
        await log.close()
        return (storage, records)
    }

    /// A fresh directory under /tmp.
    static func makeTemporaryDirectory() -> String {
        var template = Array("/tmp/wallog-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes a directory and the files in it.
    static func removeDirectory(_ path: String) {
        if let names = try? PosixStorage().listDirectory(path) {
            for name in names {
                unlink(path + "/" + name)
            }
        }
        rmdir(path)
    }
}

extension SplitMix64 {
    /// A random Bool.
    mutating func bool() -> Bool {
        next() & 1 == 1
    }
}

extension SimulatedStorage {
    /// A fresh simulated disk holding the same files (durably) in `directory`.
    func copy(directory: String = WALFixtures.directory, seed: UInt64 = 0) throws -> SimulatedStorage {
        let copy = SimulatedStorage(seed: seed)
        try copy.createDirectory(directory)
        for name in try listDirectory(directory) {
            copy.setContents(
                of: WALFixtures.path(name, in: directory), to: contents(of: WALFixtures.path(name, in: directory))!)
        }
        return copy
    }
}
