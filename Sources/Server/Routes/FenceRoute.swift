import Core
import HTTPTypes
import Hummingbird
import Replication
import WAL

/// `POST /v1/replication/fence` (the replication or admin token), sent by a follower being promoted to the leader
/// it follows: `{"epoch": E, "leader": "http://new-leader:8080"}`. The leader fences itself — from now on every
/// write is refused with `503 not_leader` naming the new leader, and none is acknowledged after this answer — then
/// follows the new leader, and answers `{"fenced": true, "epoch": E, "durableLsn": L}`: every write it ever
/// acknowledged is at or below L. Refusals: `409 not_leader` (a follower, or fenced by another leader; with
/// `X-Nailbook-Leader` when known), `409 stale_epoch` (E is not above this node's epoch, in `X-Nailbook-Epoch`),
/// `503 fence_not_recorded` (the fence could not be written to the data folder; the node refuses writes anyway).
struct FenceRoute {
    let fence: @Sendable (LogFence) async throws(FenceRefusal) -> UInt64

    struct Body: Decodable {
        var epoch: UInt64
        var leader: String
    }

    static let epochHeader = HTTPField.Name(FenceWire.epochHeader)!

    func register(on router: RouterGroup<NailbookContext>) {
        router.post("replication/fence") { request, context in
            try ReplicationRoutes.requireReplicator(context)
            let body = try await RequestBody.decode(Body.self, from: request, context: context)
            guard body.epoch > 0 else { throw Problem.invalid("epoch", "epoch must be 1 or more") }
            let lsn: UInt64
            do throws(FenceRefusal) {
                lsn = try await fence(LogFence(epoch: body.epoch, leaderURL: body.leader))
            } catch {
                throw Self.problem(for: error)
            }
            return JSONResponse.make { json in
                json.object { json in
                    json.field("fenced", true)
                    json.field("epoch", body.epoch)
                    json.field("durableLsn", lsn)
                }
            }
        }
    }

    static func problem(for refusal: FenceRefusal) -> Problem {
        switch refusal {
        case .notLeader(let leaderURL):
            var problem = Problem(
                .conflict, code: FenceWire.notLeaderCode, detail: "this node is not the leader, so it cannot be fenced")
            if let leaderURL { problem.headers[ReplicaMiddleware.leaderHeader] = leaderURL }
            return problem
        case .staleEpoch(let epoch):
            var problem = Problem(
                .conflict, code: FenceWire.staleEpochCode, detail: "the epoch must be above this node's epoch \(epoch)")
            problem.headers[epochHeader] = String(epoch)
            return problem
        case .invalidLeaderURL:
            return Problem.invalid("leader", "leader must be an http:// or https:// URL with a host")
        case .failed:
            return Problem(
                .serviceUnavailable, code: "fence_not_recorded",
                detail: "the fence could not be recorded; this node refuses writes anyway; retry")
        }
    }
}
