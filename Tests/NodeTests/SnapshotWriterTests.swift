import Core
import Dispatch
import Foundation
import Node
import Testing
import WAL

/// One snapshot writer at a time: the snapshot service, a follower's first request (`/v1/replication/snapshot`)
/// and an operator may all take a snapshot at once; none may truncate, rename or prune another's temporary file.
@Suite("Snapshot writers")
struct SnapshotWriterTests {
    @Test("concurrent snapshots of the same and of later states all succeed and load back")
    func concurrentWriters() async throws {
        let directory = NodeFixture.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let node = try Node.open(dataDirectory: directory)
        let fixture = try await NodeFixture.make(node, directory: directory)
        for round in 0..<6 {
            _ = try await fixture.book(node, slot: round)
            let failures = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        await withCheckedContinuation { continuation in
                            DispatchQueue.global().async {
                                do {
                                    _ = try node.takeSnapshot()
                                    continuation.resume(returning: nil)
                                } catch {
                                    continuation.resume(returning: "\(error)")
                                }
                            }
                        }
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            #expect(failures.isEmpty, "round \(round): \(failures)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/snapshots")
        #expect(!names.contains { $0.hasSuffix(".tmp") }, "\(names)")
        let (state, skipped) = try node.snapshots.loadNewest()
        #expect(skipped.isEmpty && state?.appliedLSN == node.log.wal.durableLSN)
        await node.close()
    }
}
