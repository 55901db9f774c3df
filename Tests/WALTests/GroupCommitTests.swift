import Synchronization
import Testing
import WAL
import WALTesting

@Suite("Group commit")
struct GroupCommitTests {
    /// Starts `taskCount` appenders at once, each appending `perTask` records one by one, and checks LSNs, the
    /// `onDurable` order and that batches formed.
    func concurrentAppends(
        storage: any WALStorage, directory: String, taskCount: Int, perTask: Int
    ) async throws -> (fsyncs: UInt64, records: Int) {
        let recorder = DurableRecorder()
        let options = WALFixtures.options(segmentSizeBytes: 64 * 1024, batchBytesMax: 16 * 1024)
        let (log, _) = try WALFixtures.open(storage, directory: directory, options: options, recorder: recorder)
        let fsyncsAtOpen = log.metrics.fsyncCount
        let results = try await withThrowingTaskGroup(of: [(UInt64, [UInt8])].self) { group in
            for task in 0..<taskCount {
                group.addTask {
                    var mine: [(UInt64, [UInt8])] = []
                    for index in 0..<perTask {
                        let payload = Array("task \(task) record \(index)".utf8)
                        mine.append((try await log.append(payload), payload))
                    }
                    return mine
                }
            }
            var all: [(UInt64, [UInt8])] = []
            for try await mine in group {
                // Each task's own records were appended in order, so their LSNs increase.
                #expect(zip(mine, mine.dropFirst()).allSatisfy { $0.0 < $1.0 })
                all += mine
            }
            return all
        }
        let total = taskCount * perTask
        let lsns = results.map(\.0).sorted()
        #expect(lsns == Array(1...UInt64(total)), "LSNs must be contiguous and each waiter's own")
        let byLSN = Dictionary(uniqueKeysWithValues: results)
        let durable = recorder.records
        #expect(durable.map(\.lsn) == Array(1...UInt64(total)), "onDurable sees every record once, in order")
        #expect(durable.allSatisfy { byLSN[$0.lsn] == $0.payload }, "onDurable sees each waiter's payload")
        #expect(try WALFixtures.replay(log).allSatisfy { byLSN[$0.lsn] == $0.payload })
        let fsyncs = log.metrics.fsyncCount - fsyncsAtOpen
        await log.close()
        return (fsyncs, total)
    }

    @Test("256 concurrent appenders on a disk whose sync takes 1 ms")
    func simulated() async throws {
        let (fsyncs, records) = try await concurrentAppends(
            storage: SimulatedStorage(seed: 401, syncLatencyMicroseconds: 1000), directory: WALFixtures.directory,
            taskCount: 256, perTask: 8)
        #expect(fsyncs * 8 <= UInt64(records), "\(fsyncs) syncs for \(records) records: batches did not form")
    }

    @Test("256 concurrent appenders on real files")
    func posix() async throws {
        let directory = WALFixtures.makeTemporaryDirectory()
        defer { WALFixtures.removeDirectory(directory) }
        let (fsyncs, records) = try await concurrentAppends(
            storage: PosixStorage(), directory: directory, taskCount: 256, perTask: 4)
        #expect(fsyncs * 2 <= UInt64(records), "\(fsyncs) syncs for \(records) records: batches did not form")
    }

    @Test("onDurable runs before the waiter resumes")
    func callbackBeforeResume() async throws {
        let seen = Mutex<UInt64>(0)
        let (log, _) = try WriteAheadLog.open(
            directory: WALFixtures.directory, storage: SimulatedStorage(seed: 411), options: WALFixtures.options()
        ) { lsn, _ in
            seen.withLock { $0 = lsn }
        }
        for expected in 1...UInt64(20) {
            let lsn = try await log.append([UInt8(expected)])
            #expect(lsn == expected && seen.withLock { $0 } == expected)
        }
        await log.close()
    }

    @Test("appends beyond the pending limit are rejected as overloaded, the rest commit")
    func overloaded() async throws {
        var options = WALFixtures.options()
        options.pendingRecordsMax = 64
        options.pendingBytesMax = 4096
        let (log, _) = try WALFixtures.open(
            SimulatedStorage(seed: 421, syncLatencyMicroseconds: 20_000), options: options)
        let outcomes = await withTaskGroup(of: WALError.Code?.self) { group in
            for index in 0..<400 {
                group.addTask {
                    do throws(WALError) {
                        _ = try await log.append([UInt8(truncatingIfNeeded: index)])
                        return nil
                    } catch {
                        return error.code
                    }
                }
            }
            var codes: [WALError.Code?] = []
            for await code in group {
                codes.append(code)
            }
            return codes
        }
        let rejected = outcomes.compactMap { $0 }
        #expect(rejected.allSatisfy { $0 == .overloaded })
        #expect(!rejected.isEmpty, "400 appends against a 64-record queue and a 20 ms disk should overflow it")
        #expect(log.durableLSN == UInt64(outcomes.count - rejected.count))
        await log.close()
    }
}
