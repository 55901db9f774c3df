import Core
import Foundation
import Node
import Server
import Testing
import WAL

/// `GET /v1/replication/snapshot` streams the newest snapshot file from storage, as stored, with its length and LSN.
@Suite("Replication snapshot route")
struct SnapshotRouteTests {
    @Test("the body is the newest snapshot file byte for byte, with Content-Length and the LSN header")
    func streamsTheFile() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            for hour in 10..<16 { _ = try await salon.call("POST", "/bookings", salon.bookingBody("\(hour):00")) }
            let answer = try await server.admin("GET", "/v1/replication/snapshot")
            #expect(answer.status == 200)
            let lsn = try #require(answer.header("X-Nailbook-Snapshot-LSN").flatMap(UInt64.init))
            #expect(lsn == server.node.log.wal.durableLSN)
            let path = server.directory + "/snapshots/" + SnapshotStore.fileName(lsn: lsn)
            let file = try #require(FileManager.default.contents(atPath: path))
            #expect(answer.body == file)
            #expect(answer.header("Content-Length") == String(file.count))
            #expect(try server.node.snapshots.load(lsn: lsn).get().ledger.bookings.count == 6)
        }
    }
}
