import Core
import Testing
import WAL
import WALTesting

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Fault injection")
struct FaultInjectionTests {
    /// Opens a simulated log and appends `count` single records; returns them.
    func openWithRecords(
        _ storage: SimulatedStorage, count: Int, recorder: DurableRecorder
    ) async throws -> (WriteAheadLog, [[UInt8]]) {
        let (log, _) = try WALFixtures.open(storage, recorder: recorder)
        var records: [[UInt8]] = []
        for index in 0..<count {
            let payload = Array("record \(index)".utf8)
            #expect(try await log.append(payload) == UInt64(index + 1))
            records.append(payload)
        }
        return (log, records)
    }

    /// Appends and expects `durabilityUnavailable`.
    func expectUnavailable(_ log: WriteAheadLog, _ payload: [UInt8]) async -> WALError? {
        do {
            let lsn = try await log.append(payload)
            Issue.record("append was acknowledged with LSN \(lsn) after a failure")
            return nil
        } catch {
            #expect(error.code == .durabilityUnavailable, "\(error)")
            return error
        }
    }

    @Test(
        "a failed fsync stops the log; nothing acknowledged before is lost",
        arguments: SimulatedStorage.CrashMode.allCases)
    func fsyncFails(mode: SimulatedStorage.CrashMode) async throws {
        let storage = SimulatedStorage(seed: 501)
        let recorder = DurableRecorder()
        let (log, records) = try await openWithRecords(storage, count: 10, recorder: recorder)
        storage.inject(.syncFails(atSync: 1))
        let error = await expectUnavailable(log, Array("doomed".utf8))
        #expect(error?.storageError?.errorNumber == EIO && error?.storageError?.operation == "fdatasync")
        guard case .failed(let reason) = log.health else {
            Issue.record("health is \(log.health) after a failed fsync")
            return
        }
        #expect(reason.contains("EIO"))
        let syncsAfterFailure = storage.counters.syncs
        let later = await expectUnavailable(log, Array("later".utf8))
        #expect(later?.message.contains("stopped") == true)
        #expect(storage.counters.syncs == syncsAfterFailure, "the failed fsync must never be retried")
        #expect(recorder.records.count == 10, "onDurable must not be called for the failed batch")
        #expect(log.durableLSN == 10)
        await log.close()
        storage.crash(mode: mode)
        let (reopened, _) = try WALFixtures.open(storage)
        let recovered = try WALFixtures.replay(reopened).map(\.payload)
        #expect(Array(recovered.prefix(10)) == records, "\(mode)")
        #expect(recovered.count == 10 || recovered == records + [Array("doomed".utf8)], "\(mode)")
        await reopened.close()
    }

    @Test("every append queued behind a failing batch fails too")
    func queuedAppendsFail() async throws {
        let storage = SimulatedStorage(seed: 511, syncLatencyMicroseconds: 2000)
        let recorder = DurableRecorder()
        let (log, _) = try await openWithRecords(storage, count: 3, recorder: recorder)
        storage.inject(.syncFails(atSync: 2))
        let outcomes = await withTaskGroup(of: Result<UInt64, WALError>.self) { group in
            for index in 0..<100 {
                group.addTask {
                    do throws(WALError) {
                        return .success(try await log.append([UInt8(index)]))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var all: [Result<UInt64, WALError>] = []
            for await outcome in group {
                all.append(outcome)
            }
            return all
        }
        let acknowledged = outcomes.compactMap { try? $0.get() }.sorted()
        let failures = outcomes.compactMap { outcome -> WALError? in
            if case .failure(let error) = outcome { return error }
            return nil
        }
        #expect(!failures.isEmpty && failures.allSatisfy { $0.code == .durabilityUnavailable })
        #expect(acknowledged == Array(4..<(4 + UInt64(acknowledged.count))))
        #expect(recorder.records.map(\.lsn) == Array(1...(3 + UInt64(acknowledged.count))))
        await log.close()
        storage.crash(mode: .dropUnsynced)
        let (reopened, recovery) = try WALFixtures.open(storage)
        #expect(recovery.lastLSN == 3 + UInt64(acknowledged.count))
        await reopened.close()
    }

    @Test("ENOSPC on write stops the log; a partial frame is cut as a torn tail on reopen")
    func noSpace() async throws {
        let storage = SimulatedStorage(seed: 521)
        let (log, records) = try await openWithRecords(storage, count: 5, recorder: DurableRecorder())
        storage.inject(.shortWrite(atWrite: 1, bytesMax: 20))
        storage.inject(.writesFail(fromWrite: 2, errorNumber: ENOSPC))
        let error = await expectUnavailable(log, [UInt8](repeating: 9, count: 100))
        #expect(error?.storageError?.errorNumber == ENOSPC)
        #expect(error.map { "\($0)".contains("ENOSPC") } == true)
        _ = await expectUnavailable(log, [1])
        await log.close()
        storage.crash(mode: .keepUnsynced)
        let (reopened, recovery) = try WALFixtures.open(storage)
        #expect(recovery.droppedBytes == 20 && recovery.tornTailSegment == SegmentName.fileName(firstLSN: 1))
        #expect(try WALFixtures.replay(reopened).map(\.payload) == records)
        #expect(try await reopened.append([7]) == 6)
        await reopened.close()
    }

    @Test("a short write is completed by the writer and the batch commits", arguments: [1, 7, 56, 57, 100])
    func shortWrite(bytesMax: Int) async throws {
        let storage = SimulatedStorage(seed: 531)
        let (log, records) = try await openWithRecords(storage, count: 4, recorder: DurableRecorder())
        let writesBefore = storage.counters.writes
        storage.inject(.shortWrite(atWrite: 1, bytesMax: bytesMax))
        var rng = SplitMix64(seed: 531)
        let payload = rng.bytes(150)
        #expect(try await log.append(payload) == 5 && log.health == .ok)
        #expect(storage.counters.writes == writesBefore + 2)
        await log.close()
        storage.crash(mode: .dropUnsynced)
        let (reopened, recovery) = try WALFixtures.open(storage, options: WALFixtures.options(compression: false))
        #expect(recovery.droppedBytes == 0)
        #expect(try WALFixtures.replay(reopened).map(\.payload) == records + [payload])
        await reopened.close()
    }

    @Test("a failure while rolling to a new segment stops the log; reopening removes the half-made segment")
    func rollFailure() async throws {
        let storage = SimulatedStorage(seed: 541)
        let options = WALFixtures.options(compression: false)
        let (log, _) = try WALFixtures.open(storage, options: options)
        var rng = SplitMix64(seed: 541)
        var records: [[UInt8]] = []
        let frameBytes = FrameHeader.size + FrameHeader.recordPrefixSize + 200
        let first = WALFixtures.path(SegmentName.fileName(firstLSN: 1))
        while (storage.contents(of: first)?.count ?? 0) + frameBytes <= options.segmentSizeBytes {
            records.append(rng.bytes(200))
            _ = try await log.append(records.last!)
        }
        // The next append rolls: its first sync is the new segment's header sync.
        storage.inject(.syncFails(atSync: 1))
        _ = await expectUnavailable(log, rng.bytes(200))
        #expect(log.metrics.segmentsCreated == 1)
        await log.close()
        storage.crash(mode: .keepUnsynced)
        let (reopened, recovery) = try WALFixtures.open(storage, options: options)
        #expect(recovery.removedFiles == [SegmentName.fileName(firstLSN: UInt64(records.count + 1)) + ".tmp"])
        #expect(try WALFixtures.replay(reopened).map(\.payload) == records)
        #expect(try await reopened.append([1]) == UInt64(records.count + 1))
        await reopened.close()
    }
}
