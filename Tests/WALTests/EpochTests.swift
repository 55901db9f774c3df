import Core
import Testing
import WAL
import WALTesting

/// Epochs (terms): they never go down in a log, and an old leader cannot write.
@Suite("Epochs")
struct EpochTests {
    static func options(epoch: UInt64) -> WALOptions {
        var options = WALFixtures.options()
        options.epoch = epoch
        return options
    }

    @Test("a frame with a lower epoch after a higher one is corruption, wherever it is in the buffer")
    func lowerEpochFrame() throws {
        var rng = SplitMix64(seed: 1000)
        for _ in 0..<20 {
            let count = 2 + rng.int(6)
            let lowered = 1 + rng.int(count - 1)
            var frames: [[UInt8]] = []
            var previous: UInt32 = 0
            var lsn: UInt64 = 1
            var offsets: [Int] = []
            for index in 0..<count {
                let epoch: UInt64 = index >= lowered ? 4 : 5
                let encoded = FrameEncoder.encode(
                    records: [rng.bytes(1 + rng.int(20))], firstLSN: lsn, epoch: epoch, timestampMillis: 0,
                    previousFrameCRC: previous, compression: false)
                offsets.append(frames.reduce(0) { $0 + $1.count })
                frames.append(encoded.bytes)
                previous = encoded.header.headerCRC
                lsn += 1
            }
            let scan = FrameFixtures.scan(frames.flatMap { $0 }, expectedFirstLSN: 1)
            #expect(scan.frames.count == lowered)
            guard case .corruption(let offset, let error) = scan.end else {
                Issue.record("expected corruption, got \(scan.end)")
                continue
            }
            #expect(offset == offsets[lowered] && error.code == .epochDecreased)
        }
    }

    @Test("opening to write with an epoch below the log's is refused; adopting the log's epoch is for readers")
    func staleWriter() async throws {
        let storage = SimulatedStorage(seed: 1010)
        let (log, recovery) = try WALFixtures.open(storage, options: Self.options(epoch: 6))
        #expect(recovery.lastEpoch == 6 && log.lastEpoch == 6)
        _ = try await log.append([1])
        await log.close()
        let error = #expect(throws: WALError.self) { try WALFixtures.open(storage, options: Self.options(epoch: 5)) }
        #expect(error?.code == .staleEpoch)
        var reader = Self.options(epoch: 0)
        reader.adoptsLogEpoch = true
        let (adopted, _) = try WALFixtures.open(storage, options: reader)
        #expect(adopted.lastEpoch == 6)
        #expect(try WALFixtures.replay(adopted).map(\.payload) == [[1]])
        await adopted.close()
    }

    @Test("a higher epoch after reopening writes on, in the same segment and across rolls, and recovery accepts it")
    func promotion() async throws {
        let storage = SimulatedStorage(seed: 1020)
        var expected: [[UInt8]] = []
        for epoch in [2, 2, 3, 7] as [UInt64] {
            let (log, recovery) = try WALFixtures.open(storage, options: Self.options(epoch: epoch))
            #expect(recovery.lastLSN == UInt64(expected.count))
            for index in 0..<25 {
                let record = [UInt8(epoch), UInt8(index)] + Array(repeating: 1, count: 40)
                _ = try await log.append(record)
                expected.append(record)
            }
            #expect(log.lastEpoch == epoch)
            await log.close()
        }
        let (log, recovery) = try WALFixtures.open(storage, options: Self.options(epoch: 7))
        #expect(recovery.lastEpoch == 7 && recovery.segmentCount > 1)
        #expect(try WALFixtures.replay(log).map(\.payload) == expected)
        let epochs = try WALFixtures.segmentNames(storage).flatMap { name in
            try WALFixtures.frames(of: storage.contents(of: WALFixtures.path(name))!).map(\.header.epoch)
        }
        #expect(epochs == epochs.sorted() && Set(epochs) == [2, 3, 7])
        await log.close()
    }
}
