import Synchronization
import Testing
import WAL
import WALTesting

/// A leader's log fenced by a newer leader acknowledges no local write after the fence, whatever asks; it still
/// stores the new leader's frames, and a promotion lifts the fence above its epoch.
@Suite("Fence")
struct FenceTests {
    static let fence = LogFence(epoch: 4, leaderURL: "http://new-leader:8080")

    @Test("a fenced log refuses every local append; the same fence answers its LSN again, another is refused")
    func fencedRefusesAppends() async throws {
        let (log, _) = try WALFixtures.open(SimulatedStorage(seed: 4010))
        for index in 0..<5 { _ = try await log.append([UInt8(index)]) }
        #expect(try await log.fence(Self.fence) == 5)
        #expect(log.fence == Self.fence && log.durableLSN == 5)
        let single = await #expect(throws: WALError.self) { _ = try await log.append([9]) }
        let batch = await #expect(throws: WALError.self) { _ = try await log.append(contentsOf: [[9], [10]]) }
        #expect(single?.code == .fenced && batch?.code == .fenced)
        #expect(single?.message.contains("http://new-leader:8080") == true, "\(single?.message ?? "")")
        #expect(log.durableLSN == 5)
        #expect(try await log.fence(Self.fence) == 5, "a retry of the same fence")
        let other = await #expect(throws: WALError.self) {
            _ = try await log.fence(LogFence(epoch: 5, leaderURL: "http://another:8080"))
        }
        #expect(other?.code == .fenced && log.fence == Self.fence)
        await log.close()
    }

    @Test("a fence at or below the log's epoch, or of a follower's log, is refused and changes nothing")
    func staleOrFollowerFenceRefused() async throws {
        let (log, _) = try WALFixtures.open(SimulatedStorage(seed: 4020))
        _ = try await log.append([1])
        let stale = await #expect(throws: WALError.self) {
            _ = try await log.fence(LogFence(epoch: 3, leaderURL: "http://old:8080"))
        }
        #expect(stale?.code == .staleEpoch && log.fence == nil)
        #expect(try await log.append([2]) == 2, "a refused fence must not stop writes")
        await log.close()
        var options = WALFixtures.options()
        options.adoptsLogEpoch = true
        let (follower, _) = try WALFixtures.open(SimulatedStorage(seed: 4021), options: options)
        follower.makeReadOnly()
        let refused = await #expect(throws: WALError.self) { _ = try await follower.fence(Self.fence) }
        #expect(refused?.code == .readOnlyReplica && follower.fence == nil)
        await follower.close()
    }

    @Test("a fenced log stores the new leader's frames, and a promotion lifts the fence above its epoch")
    func followsThenPromotes() async throws {
        let (log, _) = try WALFixtures.open(SimulatedStorage(seed: 4030))
        _ = try await log.append([1])
        #expect(try await log.fence(Self.fence) == 1)
        let encoded = FrameEncoder.encode(
            records: [[7, 7]], firstLSN: 2, epoch: 4, timestampMillis: 1_750_000_000_001,
            previousFrameCRC: log.lastFrameCRC, compression: false)
        try await log.appendReplicated([
            (LogFrame(header: encoded.header, bytes: encoded.bytes), [FrameRecord(lsn: 2, payload: [7, 7])])
        ])
        #expect(log.durableLSN == 2 && log.lastEpoch == 4)
        #expect(try await log.fence(Self.fence) == 1, "the fence's LSN, not the new leader's frames")
        let epoch = try await log.promote()
        #expect(epoch == 5 && log.fence == nil && log.lastEpoch == 5)
        #expect(try await log.append([3]) == 3)
        await log.close()
    }

    @Test("appends racing with the fence: every acknowledged LSN is at or below the fence's, the rest are refused")
    func racingAppends() async throws {
        let (log, _) = try WALFixtures.open(SimulatedStorage(seed: 4040))
        let outcomes = Outcomes()
        let fenceLSN = try await withThrowingTaskGroup(of: UInt64?.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for index in 0..<200 {
                        do throws(WALError) {
                            let lsn = try await log.append([UInt8(writer), UInt8(index % 256)])
                            outcomes.acknowledged.withLock { $0.append(lsn) }
                        } catch {
                            outcomes.refused.withLock { $0.append(error.code) }
                        }
                    }
                    return nil
                }
            }
            group.addTask {
                while log.durableLSN < 100 { await Task.yield() }
                return try await log.fence(Self.fence)
            }
            var fenceLSN: UInt64?
            for try await result in group { fenceLSN = fenceLSN ?? result }
            return try #require(fenceLSN)
        }
        let lsns = outcomes.acknowledged.withLock { $0 }.sorted()
        let codes = outcomes.refused.withLock { $0 }
        #expect(
            (lsns.last ?? 0) <= fenceLSN, "an append acknowledged at \(lsns.last ?? 0), after the fence's \(fenceLSN)")
        #expect(lsns == Array(1...fenceLSN), "every durable record is one acknowledged append, once")
        #expect(!codes.isEmpty && codes.allSatisfy { $0 == .fenced }, "\(Set(codes.map(\.description)))")
        #expect(lsns.count + codes.count == 8 * 200)
        #expect(log.durableLSN == fenceLSN)
        #expect(try WALFixtures.replay(log).count == Int(fenceLSN))
        await log.close()
    }
}

/// What the racing appenders saw.
private final class Outcomes: Sendable {
    let acknowledged = Mutex<[UInt64]>([])
    let refused = Mutex<[WALError.Code]>([])
}
