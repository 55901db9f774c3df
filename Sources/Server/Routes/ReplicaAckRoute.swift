import Hummingbird
import Replication

/// `POST /v1/replication/ack` (the replication or admin token), sent by a follower after it stored frames and about
/// every half second: `{"follower": "ID", "durableLsn": L}` — its log is durable through L. With `--sync-replicas N`
/// the leader acknowledges a write once N followers reported its LSN (``SyncReplicationMiddleware``). Answers
/// `{"durableLsn": L}` with the leader's own durable LSN.
struct ReplicaAckRoute {
    let acks: ReplicaAcks
    let durableLSN: @Sendable () -> UInt64

    struct Body: Decodable {
        var follower: String
        var durableLsn: UInt64
    }

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("replication/ack") { request, context in
            try ReplicationRoutes.requireReplicator(context)
            let body = try await RequestBody.decode(Body.self, from: request, context: context)
            guard (1...64).contains(body.follower.utf8.count) else {
                throw Problem.invalid("follower", "follower must be 1 to 64 characters")
            }
            acks.acknowledged(follower: body.follower, lsn: body.durableLsn)
            return JSONResponse.make { json in json.object { json in json.field("durableLsn", durableLSN()) } }
        }
    }
}
