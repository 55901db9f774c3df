import Core
import Foundation
import Node
import Synchronization
import Testing
import WAL

/// A data folder with one salon, for node-level tests.
struct NodeFixture {
    let directory: String
    let merchant: Merchant
    let staff: Staff
    let service: Service
    let customer: Customer

    static let now = ZoneRules(identifier: "Asia/Taipei")!.instant(on: LocalDate("2026-11-27")!, at: 600)
    static let context = CommandContext(now: now, origin: Origin(author: .admin, channel: .api))

    static func directory() -> String {
        let path = NSTemporaryDirectory() + "nailbook-node-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func make(_ node: Node, directory: String) async throws -> NodeFixture {
        let engine = node.engine
        let merchant = try await engine.createMerchant(MerchantDraft(name: "Node salon"), context).get()
        let hours = (1...7).map { WorkingWindow(weekday: $0, start: TimeOfDay("00:00")!, end: TimeOfDay("24:00")!) }
        let staff = try await engine.createStaff(
            merchantID: merchant.id, StaffDraft(name: "Mei", workingHours: hours), context
        ).get()
        let service = try await engine.createService(
            merchantID: merchant.id, ServiceDraft(name: "Gel", durationMinutes: 30), context
        ).get()
        let customer = try await engine.createCustomer(
            merchantID: merchant.id, CustomerDraft(displayName: "Lin"), context
        ).get()
        return NodeFixture(directory: directory, merchant: merchant, staff: staff, service: service, customer: customer)
    }

    /// Books slot `index` (30-minute slots from tomorrow on).
    func book(_ node: Node, slot index: Int) async throws -> Booking {
        let start = Self.now.adding(minutes: 24 * 60 + 30 * index)
        let request = NewBooking(
            merchantID: merchant.id,
            serviceID: service.id,
            staffID: staff.id,
            customerID: customer.id,
            startsAt: start
        )
        return try await node.engine.createBooking(request, Self.context).get()
    }
}

@Suite("Node: snapshots, replay, backup, restore, verify", .serialized)
struct NodeTests {
    @Test("snapshot + replay equals the live state, also with a snapshot taken while writes continue")
    func snapshotAndReplay() async throws {
        let directory = NodeFixture.directory()
        let node = try Node.open(dataDirectory: directory)
        let salon = try await NodeFixture.make(node, directory: directory)
        for slot in 0..<50 { _ = try await salon.book(node, slot: slot) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { for slot in 50..<250 { _ = try await salon.book(node, slot: slot) } }
            group.addTask {
                for _ in 0..<5 {
                    try node.takeSnapshot()
                    try await Task.sleep(for: .milliseconds(2))
                }
            }
            try await group.waitForAll()
        }
        let live = node.engine.store.read { $0.digest() }
        await node.close()
        let reopened = try Node.open(dataDirectory: directory)
        #expect(reopened.startup.snapshotLSN > 0)
        #expect(reopened.engine.store.read { $0.digest() } == live)
        #expect(reopened.engine.store.read { $0.ledger.bookings.count } == 250)
        await reopened.close()
    }

    @Test("a damaged newest snapshot is skipped for the previous one, and the state is still complete")
    func damagedSnapshot() async throws {
        let directory = NodeFixture.directory()
        let node = try Node.open(dataDirectory: directory)
        let salon = try await NodeFixture.make(node, directory: directory)
        for slot in 0..<10 { _ = try await salon.book(node, slot: slot) }
        let older = try node.takeSnapshot()
        for slot in 10..<20 { _ = try await salon.book(node, slot: slot) }
        let newer = try node.takeSnapshot()
        let live = node.engine.store.read { $0.digest() }
        await node.close()
        let path = directory + "/snapshots/" + SnapshotStore.fileName(lsn: newer.lsn)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        let reopened = try Node.open(dataDirectory: directory)
        #expect(reopened.startup.snapshotLSN == older.lsn)
        #expect(reopened.startup.skippedSnapshots.count == 1)
        #expect(reopened.engine.store.read { $0.digest() } == live)
        await reopened.close()
    }

    @Test("point-in-time restore to a moment between two bookings has the first and not the second")
    func pointInTimeRestore() async throws {
        let directory = NodeFixture.directory()
        let clock = Mutex<Int64>(1_800_000_000_000)
        var options = NodeOptions()
        options.frameClock = { clock.withLock { $0 } }
        let node = try Node.open(dataDirectory: directory, options: options)
        let salon = try await NodeFixture.make(node, directory: directory)
        clock.withLock { $0 += 60_000 }
        let first = try await salon.book(node, slot: 1)
        clock.withLock { $0 += 60_000 }
        let second = try await salon.book(node, slot: 2)
        await node.close()
        let backup = NodeFixture.directory() + "/backup"
        let copied = try Maintenance.backup(dataDirectory: directory, into: backup)
        #expect(copied.segments == 1)
        let restored = NodeFixture.directory() + "/restored"
        let between = 1_800_000_000_000 + 90_000
        let report = try await Maintenance.restore(
            from: backup,
            into: restored,
            to: .time(millis: Int64(between)),
            scratch: NodeFixture.directory()
        )
        let node2 = try Node.open(dataDirectory: restored)
        #expect(node2.engine.booking(first.id, merchantID: salon.merchant.id) != nil)
        #expect(node2.engine.booking(second.id, merchantID: salon.merchant.id) == nil)
        #expect(report.lastLSN == node2.engine.store.appliedLSN)
        await node2.close()
        let byLSN = NodeFixture.directory() + "/by-lsn"
        _ = try await Maintenance.restore(
            from: backup, into: byLSN, to: .lsn(report.lastLSN + 1), scratch: NodeFixture.directory())
        let node3 = try Node.open(dataDirectory: byLSN)
        #expect(node3.engine.booking(second.id, merchantID: salon.merchant.id) != nil)
        await node3.close()
    }

    @Test("an online backup taken while writes continue opens to a consistent prefix")
    func onlineBackup() async throws {
        let directory = NodeFixture.directory()
        let node = try Node.open(dataDirectory: directory)
        let salon = try await NodeFixture.make(node, directory: directory)
        for slot in 0..<20 { _ = try await salon.book(node, slot: slot) }
        let before = node.engine.store.read { Set($0.ledger.bookings.keys) }
        let backup = NodeFixture.directory() + "/backup"
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { for slot in 20..<300 { _ = try await salon.book(node, slot: slot) } }
            group.addTask {
                try await Task.sleep(for: .milliseconds(20))
                _ = try Maintenance.backup(dataDirectory: directory, into: backup)
            }
            try await group.waitForAll()
        }
        await node.close()
        let copy = try Node.open(dataDirectory: backup)
        let inBackup = copy.engine.store.read { Set($0.ledger.bookings.keys) }
        #expect(before.isSubset(of: inBackup))
        #expect(copy.engine.store.read { $0.overlappingBookings().isEmpty })
        await copy.close()
        let report = try Maintenance.verify(dataDirectory: backup, scratch: NodeFixture.directory())
        #expect(report.problems.filter { !$0.hasPrefix("torn tail") }.isEmpty, "\(report.problems)")
    }

    @Test("verify counts a sound folder and reports overlapping bookings written behind the engine's back")
    func verify() async throws {
        let directory = NodeFixture.directory()
        let node = try Node.open(dataDirectory: directory)
        let salon = try await NodeFixture.make(node, directory: directory)
        let booking = try await salon.book(node, slot: 0)
        try node.takeSnapshot()
        let sound = try Maintenance.verify(dataDirectory: directory, scratch: NodeFixture.directory())
        #expect(sound.problems.isEmpty && sound.bookings == 1 && sound.segments == 1 && sound.snapshotLSN > 0)
        var twin = booking
        twin.id = BookingID(booking.id.rawValue + 1_000)
        _ = try await node.log.wal.append(EventCodec.encode(.bookingCreated(twin, idempotency: nil)))
        await node.close()
        let damaged = try Maintenance.verify(dataDirectory: directory, scratch: NodeFixture.directory())
        #expect(damaged.problems.contains { $0.contains("overlap") })
    }
}
