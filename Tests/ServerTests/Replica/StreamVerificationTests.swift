import AsyncHTTPClient
import Core
import Foundation
import NIOCore
import Testing

@testable import Server

/// The stream request's position check: a follower whose log ends where the leader's does, with the same last
/// frame, is told so (`X-Nailbook-Verified-LSN`) and may report that LSN for synchronous replication; any other
/// follower is not (it reports only frames it stores from the stream).
@Suite("Replication stream: the follower's position, verified")
struct StreamVerificationTests {
    @Test("the verified header only for the leader's own end and its own last frame")
    func verifiedHeader() async throws {
        try await TestServer.with { server in
            let engine = server.node.engine
            _ = try await engine.createMerchant(MerchantDraft(name: "Verified"), ArchiveSalon.context)
            _ = try await engine.createMerchant(MerchantDraft(name: "Verified 2"), ArchiveSalon.context)
            let tip = server.node.log.wal.durableTip
            #expect(tip.lsn >= 2)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            func verified(from: UInt64, crc: UInt32?) async throws -> String? {
                var url = "http://127.0.0.1:\(server.port)/v1/replication/stream?from=\(from)"
                if let crc { url += "&crc=\(crc)" }
                var request = HTTPClientRequest(url: url)
                request.headers.add(name: "Authorization", value: "Bearer \(server.adminToken)")
                let response = try await client.execute(request, timeout: .seconds(10))
                #expect(response.status == .ok)
                return response.headers.first(name: "X-Nailbook-Verified-LSN")
            }
            #expect(try await verified(from: tip.lsn + 1, crc: tip.frameCRC) == String(tip.lsn))
            #expect(try await verified(from: tip.lsn + 1, crc: tip.frameCRC ^ 1) == nil)  // another history
            #expect(try await verified(from: tip.lsn + 1, crc: nil) == nil)
            #expect(try await verified(from: tip.lsn, crc: tip.frameCRC) == nil)  // behind: frames will tell
            try await client.shutdown()
        }
    }
}
