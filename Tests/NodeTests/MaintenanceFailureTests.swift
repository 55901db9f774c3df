import Core
import Foundation
import Node
import Testing
import WAL
import WALTesting

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Maintenance commands that cannot do what was asked fail with a typed code and leave nothing half-made.
@Suite("Maintenance failures")
struct MaintenanceFailureTests {
    @Test("restore to an LSN past the source's last record fails (targetBeyondLog) and makes no target")
    func restoreBeyondLastLSN() async throws {
        let root = NodeFixture.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let node = try Node.open(dataDirectory: root + "/data")
        let fixture = try await NodeFixture.make(node, directory: root + "/data")
        _ = try await fixture.book(node, slot: 0)
        let last = node.log.wal.durableLSN
        await node.close()
        do {
            let report = try await Maintenance.restore(
                from: root + "/data", into: root + "/restored", to: .lsn(last + 5), scratch: root + "/scratch")
            Issue.record("restored to LSN \(report.lastLSN) when \(last + 5) was asked")
        } catch let error as NodeError {
            #expect(error.code == .targetBeyondLog, "\(error)")
            #expect(error.message.contains("\(last + 5)") && error.message.contains("\(last)"))
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/restored"))
        // The last LSN itself is fine.
        let report = try await Maintenance.restore(
            from: root + "/data", into: root + "/restored", to: .lsn(last), scratch: root + "/scratch2")
        #expect(report.lastLSN == last)
    }

    @Test("a backup that fails part-way leaves no partial target")
    func failedBackupLeavesNothing() async throws {
        let storage = SimulatedStorage(seed: 881)
        var options = NodeOptions()
        options.storage = storage
        let node = try Node.open(dataDirectory: "/data", options: options)
        let fixture = try await NodeFixture.make(node, directory: "/data")
        try node.takeSnapshot()
        for slot in 0..<5 { _ = try await fixture.book(node, slot: slot) }
        await node.close()
        // The snapshot is copied first; the segment copy after it runs out of space.
        storage.inject(.writesFail(fromWrite: 2, errorNumber: ENOSPC))
        do {
            _ = try Maintenance.backup(dataDirectory: "/data", into: "/backup", storage: storage)
            Issue.record("the backup succeeded despite ENOSPC")
        } catch let error as NodeError {
            #expect(error.code == .storage, "\(error)")
            #expect((error.underlying as? WALStorageError)?.errorNumber == ENOSPC)
        }
        #expect((try? storage.listDirectory("/backup")) == nil, "a partial backup was left behind")
        #expect((try? storage.listDirectory("/backup/wal")) == nil)
    }

    @Test("a target that is not empty is refused with targetNotEmpty")
    func targetNotEmpty() throws {
        let root = NodeFixture.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        FileManager.default.createFile(atPath: root + "/something", contents: Data([1]))
        do {
            _ = try Maintenance.backup(dataDirectory: root + "/none", into: root)
            Issue.record("a backup into a folder with files went ahead")
        } catch let error as NodeError {
            #expect(error.code == .targetNotEmpty)
        }
    }
}
