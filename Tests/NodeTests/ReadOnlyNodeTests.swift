import Core
import Foundation
import Node
import Testing
import WAL

/// A follower's node: its log refuses every local append, whatever asks, until one promotion.
@Suite("Read-only node")
struct ReadOnlyNodeTests {
    @Test("a read-only node refuses local writes at the log; one promotion lifts it, a second is refused")
    func readOnlyUntilPromoted() async throws {
        let directory = NodeFixture.directory()
        var options = NodeOptions()
        options.readOnly = true
        let node = try Node.open(dataDirectory: directory, options: options)
        let before = node.log.wal.durableLSN
        await #expect(throws: DurabilityError.readOnlyReplica) {
            _ = try await node.engine.createMerchant(MerchantDraft(name: "Fork"), NodeFixture.context)
        }
        #expect(node.log.wal.durableLSN == before && node.log.wal.isReadOnly)
        @Sendable func attempt() async -> Result<UInt64, WALError> {
            do {
                return .success(try await node.promote())
            } catch {
                return .failure(error)
            }
        }
        async let first = attempt()
        async let second = attempt()
        let outcomes = await [first, second]
        let epochs = outcomes.compactMap { try? $0.get() }
        #expect(epochs == [1], "\(outcomes)")
        let refused: [WALError.Code] = outcomes.compactMap { outcome in
            if case .failure(let error) = outcome { return error.code }
            return nil
        }
        #expect(refused == [.notReadOnly])
        #expect(!node.log.wal.isReadOnly && node.log.wal.lastEpoch == 1)
        let merchant = try await node.engine.createMerchant(MerchantDraft(name: "Now"), NodeFixture.context).get()
        #expect(node.engine.merchant(merchant.id) != nil)
        await node.close()
        // The new epoch is on disk: an epoch-0 node may not open this log, one that adopts it continues at 1.
        #expect(throws: NodeError.self) { _ = try Node.open(dataDirectory: directory) }
        var adopting = NodeOptions()
        adopting.adoptsLogEpoch = true
        let reopened = try Node.open(dataDirectory: directory, options: adopting)
        #expect(reopened.log.wal.lastEpoch == 1 && reopened.engine.merchant(merchant.id) != nil)
        await reopened.close()
    }

    @Test("an empty follower's log can be promoted (no frame to roll past)")
    func emptyLogPromotes() async throws {
        var options = NodeOptions()
        options.readOnly = true
        let node = try Node.open(dataDirectory: NodeFixture.directory(), options: options)
        #expect(try await node.promote() == 1)
        _ = try await node.engine.createMerchant(MerchantDraft(name: "First"), NodeFixture.context).get()
        #expect(node.log.wal.durableLSN == 1 && node.log.wal.lastEpoch == 1)
        await node.close()
    }
}
