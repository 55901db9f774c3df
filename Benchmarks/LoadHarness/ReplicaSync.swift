import AsyncHTTPClient
import NIOCore

/// Waits until read replicas hold what the leader holds, so that reads on them find the world just made.
struct ReplicaSync: Sendable {
    let client: HTTPClient
    let leaderURL: String

    struct SyncError: Error, CustomStringConvertible {
        let description: String
    }

    /// How long a replica may take to catch up before the run fails.
    static let waitSecondsMax: Int64 = 60

    /// Reads the leader's applied LSN, then asks every replica for it with `X-Nailbook-Min-LSN` until it answers
    /// 200 (a 503 `replica_lagging` after the server's own wait is asked again); returns the LSN.
    func waitForReplicas(_ replicaURLs: [String]) async throws -> UInt64 {
        let leader = try await client.execute(HTTPClientRequest(url: leaderURL + "/health"), timeout: .seconds(10))
        _ = try await leader.body.collect(upTo: 1 << 20)
        guard let lsn = leader.headers.first(name: "X-Nailbook-Applied-LSN").flatMap({ UInt64($0) }) else {
            throw SyncError(description: "the leader's /health carries no X-Nailbook-Applied-LSN")
        }
        let deadline = NIODeadline.now() + .seconds(Self.waitSecondsMax)
        for url in replicaURLs {
            var request = HTTPClientRequest(url: url + "/health")
            request.headers.add(name: "X-Nailbook-Min-LSN", value: String(lsn))
            while true {
                let response = try await client.execute(request, deadline: deadline)
                _ = try await response.body.collect(upTo: 1 << 20)
                if response.status == .ok { break }
                guard response.status == .serviceUnavailable, NIODeadline.now() < deadline else {
                    throw SyncError(description: "\(url) did not reach LSN \(lsn): \(response.status.code)")
                }
            }
        }
        return lsn
    }
}
