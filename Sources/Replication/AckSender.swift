import AsyncHTTPClient
import Foundation
import NIOCore

/// The follower's side of synchronous replication: tells the leader how far its log is durable
/// (`POST /v1/replication/ack`), right after each store and at least every `interval` (a leader that restarted, or
/// one that counts this follower stale, learns it again). One request at a time; a newer LSN that arrives while one
/// is in flight replaces any older one waiting.
final class AckSender: Sendable {
    let url: String
    let token: String
    let follower: String
    let client: HTTPClient
    let interval: Duration
    private let stream: AsyncStream<UInt64>
    private let sink: AsyncStream<UInt64>.Continuation

    init(
        leaderURL: String, token: String, follower: String, client: HTTPClient, interval: Duration = .milliseconds(500)
    ) {
        url = leaderURL + "/v1/replication/ack"
        self.token = token
        self.follower = follower
        self.client = client
        self.interval = interval
        (stream, sink) = AsyncStream.makeStream(of: UInt64.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The log is durable through `lsn`.
    func stored(through lsn: UInt64) { sink.yield(lsn) }

    /// Sends until cancelled; `current` gives the LSN to report periodically (nil: nothing known to hold yet).
    func run(current: @escaping @Sendable () -> UInt64?) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    if let lsn = current() { self.sink.yield(lsn) }
                    try? await Task.sleep(for: self.interval)
                }
            }
            group.addTask {
                for await lsn in self.stream {
                    if Task.isCancelled { return }
                    await self.send(lsn)
                }
            }
            await group.next()
            group.cancelAll()
            sink.finish()
        }
    }

    private func send(_ lsn: UInt64) async {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = #"{"follower":"\#(follower)","durableLsn":\#(lsn)}"#
        request.body = .bytes(ByteBuffer(string: body))
        _ = try? await client.execute(request, deadline: .now() + .seconds(2)).body.collect(upTo: 4096)
    }
}
