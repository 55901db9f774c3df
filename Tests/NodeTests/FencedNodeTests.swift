import Core
import Foundation
import Node
import Testing
import WAL

/// A leader fenced by a newer one: its log refuses every kind of write whatever asks, the fence outlives a restart
/// (`DIR/leadership`), and a promotion records the new epoch so that a restart continues as the leader.
@Suite("Fenced node")
struct FencedNodeTests {
    static let fence = LogFence(epoch: 1, leaderURL: "http://new-leader:8080")

    @Test("every kind of engine write is refused with notLeader after the fence, and the state does not move")
    func everyWriteRefused() async throws {
        let directory = NodeFixture.directory()
        let node = try Node.open(dataDirectory: directory)
        let salon = try await NodeFixture.make(node, directory: directory)
        let booking = try await salon.book(node, slot: 0)
        let hold = NewHold(
            merchantID: salon.merchant.id, serviceID: salon.service.id, staffID: salon.staff.id,
            startsAt: NodeFixture.now.adding(minutes: 24 * 60 + 300), customerID: salon.customer.id)
        _ = try await node.engine.createHold(hold, NodeFixture.context).get()
        #expect(try await node.fence(Self.fence) == node.log.wal.durableLSN)
        let (lsn, digest) = (node.log.wal.durableLSN, node.engine.store.read { $0.digest() })
        let engine = node.engine
        let context = NodeFixture.context
        let merchantID = salon.merchant.id
        let writes: [(String, @Sendable () async throws -> Void)] = [
            ("create a merchant", { _ = try await engine.createMerchant(MerchantDraft(name: "Fork"), context) }),
            (
                "update the merchant",
                {
                    _ = try await engine.updateMerchant(merchantID, MerchantDraft(name: "Renamed"), context)
                }
            ),
            (
                "create a customer",
                {
                    _ = try await engine.createCustomer(
                        merchantID: merchantID, CustomerDraft(displayName: "X"), context)
                }
            ),
            ("book", { _ = try await salon.bookThrowingDurability(node, slot: 5) }),
            (
                "cancel",
                {
                    _ = try await engine.cancelBooking(booking.id, merchantID: merchantID, reason: nil, context)
                }
            ),
            (
                "hold",
                {
                    var later = hold
                    later.startsAt = later.startsAt.adding(minutes: 60)
                    _ = try await engine.createHold(later, context)
                }
            ),
            (
                "sweep the expired hold",
                {
                    _ = try await engine.sweepExpired(now: NodeFixture.now.adding(minutes: 10_000))
                }
            ),
        ]
        for (name, write) in writes {
            let error = await #expect(throws: DurabilityError.self, "\(name)") { try await write() }
            #expect(
                error?.code == .notLeader && error?.leaderURL == Self.fence.leaderURL,
                "\(name): \(String(describing: error))")
            #expect(error?.mayBeDurable == false, "\(name)")
        }
        #expect(node.log.wal.durableLSN == lsn && node.engine.store.read { $0.digest() } == digest)
        #expect(node.engine.booking(booking.id, merchantID: merchantID)?.status == .confirmed)
        await node.close()
    }

    @Test("the fence is recorded: a restart without --follow comes back fenced, following the new leader")
    func fenceOutlivesRestart() async throws {
        let directory = NodeFixture.directory()
        let node = try Node.open(dataDirectory: directory)
        _ = try await NodeFixture.make(node, directory: directory)
        let lsn = try await node.fence(Self.fence)
        await node.close()
        let record = try LeadershipRecord.load(dataDirectory: directory, storage: PosixStorage())
        #expect(record == .fenced(Self.fence, lsn: lsn))
        let startup = StartupRole.decide(follow: nil, record: record)
        #expect(startup == .fenced(Self.fence, lsn: lsn) && startup.leaderURL == Self.fence.leaderURL)
        var options = NodeOptions()
        startup.configure(&options)
        let reopened = try Node.open(dataDirectory: directory, options: options)
        let refused = await #expect(throws: DurabilityError.self) {
            _ = try await reopened.engine.createMerchant(MerchantDraft(name: "After restart"), NodeFixture.context)
        }
        #expect(refused?.code == .notLeader && reopened.log.wal.durableLSN == lsn)
        // Promoted back (a rollback): above the fence's epoch, recorded, and a restart continues as the leader.
        #expect(try await reopened.promote() == 2)
        _ = try await reopened.engine.createMerchant(MerchantDraft(name: "Leader again"), NodeFixture.context).get()
        await reopened.close()
        let promoted = try LeadershipRecord.load(dataDirectory: directory, storage: PosixStorage())
        #expect(promoted == .leader(epoch: 2))
        var leaderOptions = NodeOptions()
        StartupRole.decide(follow: nil, record: promoted).configure(&leaderOptions)
        let restarted = try Node.open(dataDirectory: directory, options: leaderOptions)
        #expect(restarted.log.wal.lastEpoch == 2)
        _ = try await restarted.engine.createMerchant(MerchantDraft(name: "Restarted"), NodeFixture.context).get()
        await restarted.close()
    }

    @Test("start-up roles: --follow wins; a record decides otherwise; a damaged record stops the start")
    func startupRoles() throws {
        let fenced = LeadershipRecord.fenced(Self.fence, lsn: 9)
        #expect(StartupRole.decide(follow: "http://a:1", record: fenced) == .follower(leaderURL: "http://a:1"))
        #expect(StartupRole.decide(follow: nil, record: nil) == .leader(epoch: 0))
        #expect(StartupRole.decide(follow: nil, record: .leader(epoch: 3)) == .leader(epoch: 3))
        #expect(StartupRole.decide(follow: nil, record: fenced) == .fenced(Self.fence, lsn: 9))
        let directory = NodeFixture.directory()
        for text in [
            "", "nailbook leadership 1\nrole fenced\nepoch 2\n", "nailbook leadership 1\nrole leader\nepoch 0\n",
        ] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + LeadershipRecord.fileName))
            let error = #expect(throws: NodeError.self, "\(text.debugDescription)") {
                _ = try LeadershipRecord.load(dataDirectory: directory, storage: PosixStorage())
            }
            #expect(error?.code == .leadershipUnreadable)
        }
    }
}

extension NodeFixture {
    /// Books slot `index`, failing with the log's error rather than `get()`'s.
    func bookThrowingDurability(_ node: Node, slot index: Int) async throws(DurabilityError) -> Result<
        Booking, Rejection
    > {
        let request = NewBooking(
            merchantID: merchant.id, serviceID: service.id, staffID: staff.id, customerID: customer.id,
            startsAt: Self.now.adding(minutes: 24 * 60 + 30 * index))
        return try await node.engine.createBooking(request, Self.context)
    }
}
