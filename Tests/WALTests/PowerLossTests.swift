import Core
import Testing
import WAL
import WALTesting

@Suite("Power loss")
struct PowerLossTests {
    /// Seeded cases per partition; the four partitions run in parallel.
    static let casesPerPartition = 2000

    /// Appends batches on a simulated disk whose power fails at a seeded point (at the N-th sync, completed or not,
    /// or at the N-th operation of any kind, mid-write included), loses or garbles the unsynced writes as a seeded
    /// crash mode says, sometimes crashes again during recovery, then reopens: the log must hold every acknowledged
    /// record, and at most the one failed batch after them, whole.
    @Test("every acknowledged record survives a power cut", arguments: 0..<4)
    func powerLoss(partition: Int) async {
        for index in 0..<Self.casesPerPartition {
            let seed = UInt64(10_000 + partition * Self.casesPerPartition + index)
            if await !Self.runCase(seed: seed) {
                Issue.record("power-loss case failed; replay it with seed \(seed)")
                return
            }
        }
    }

    /// One seeded case; false when any check failed.
    static func runCase(seed: UInt64) async -> Bool {
        var rng = SplitMix64(seed: seed)
        let storage = SimulatedStorage(seed: seed)
        let options = WALFixtures.options(segmentSizeBytes: 1024 + rng.int(2048), compression: rng.bool())
        if rng.bool() {
            storage.inject(.powerCut(atSync: 1 + rng.int(30), syncCompletes: rng.bool()))
        } else {
            storage.inject(.powerCutAtOperation(1 + rng.int(80)))
        }
        let (acknowledged, failedBatch) = await appendUntilFailure(storage: storage, options: options, rng: &rng)
        storage.crash(mode: SimulatedStorage.CrashMode.allCases[rng.int(4)])
        if rng.int(4) == 0 {
            // A second power cut, during recovery itself.
            storage.inject(.powerCutAtOperation(1 + rng.int(12)))
            if let interrupted = try? WALFixtures.open(storage, options: options) {
                await interrupted.log.close()
            }
            storage.crash(mode: SimulatedStorage.CrashMode.allCases[rng.int(4)])
        }
        do {
            let (log, recovery) = try WALFixtures.open(storage, options: options)
            let recovered = try WALFixtures.replay(log).map(\.payload)
            let expected = recovered.count == acknowledged.count ? acknowledged : acknowledged + failedBatch
            let passed = recovered == expected && recovery.lastLSN == UInt64(recovered.count)
            let counts = "recovered \(recovered.count), acknowledged \(acknowledged.count), failed \(failedBatch.count)"
            #expect(passed, "seed \(seed): \(counts)")
            let next = try await log.append([1, 2, 3])
            await log.close()
            #expect(next == UInt64(recovered.count + 1), "seed \(seed)")
            return passed && next == UInt64(recovered.count + 1)
        } catch {
            Issue.record("seed \(seed): reopening failed: \(error)")
            return false
        }
    }

    /// Opens the log and appends up to 25 batches until one fails; returns the acknowledged records in LSN order
    /// and the batch that failed (empty when none did).
    static func appendUntilFailure(
        storage: SimulatedStorage, options: WALOptions, rng: inout SplitMix64
    ) async -> (acknowledged: [[UInt8]], failed: [[UInt8]]) {
        guard let (log, _) = try? WALFixtures.open(storage, options: options) else {
            return ([], [])
        }
        var acknowledged: [[UInt8]] = []
        var failed: [[UInt8]] = []
        for _ in 0..<25 {
            let batch = (0..<(1 + rng.int(4))).map { _ in
                WALFixtures.payload(id: acknowledged.count + 7, length: rng.int(90), rng: &rng)
            }
            do {
                let range = try await log.append(contentsOf: batch)
                #expect(range.lowerBound == UInt64(acknowledged.count + 1))
                acknowledged += batch
            } catch {
                #expect(error.code == .durabilityUnavailable && log.health != .ok)
                failed = batch
                break
            }
        }
        await log.close()
        return (acknowledged, failed)
    }
}
