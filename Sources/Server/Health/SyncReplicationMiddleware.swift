import Core
import Hummingbird
import Replication

/// Synchronous replication (`--sync-replicas N`): a write is answered only once N followers reported that their
/// logs hold its record (`POST /v1/replication/ack`), so a follower that takes over after the leader dies has every
/// write a client was told about. A write they do not confirm within `timeout` is answered `503
/// replication_unavailable`: it is on this node's disk, but its outcome is unknown (retry with the same
/// `Idempotency-Key`). An idempotent replay waits for everything applied so far (its own record is older).
struct SyncReplicationMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    let acks: ReplicaAcks
    let timeout: Duration
    let appliedLSN: @Sendable () -> UInt64

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let response = try await next(request, context)
        guard acks.required > 0, request.method != .get, request.method != .head, response.status.code < 400,
            !request.uri.path.hasPrefix("/v1/replication/")
        else { return response }
        let lsn = CommitRecorder.current?.lsn ?? appliedLSN()
        guard await acks.wait(for: lsn, timeout: timeout) else { throw Self.unconfirmed(acks.required) }
        return response
    }

    static func unconfirmed(_ required: Int) -> Problem {
        var problem = Problem(
            .serviceUnavailable, code: "replication_unavailable",
            detail:
                "the write is on the leader's disk, but \(required) follower(s) did not confirm it in time: its outcome is unknown; retry with the same Idempotency-Key"
        )
        problem.headers[.retryAfter] = "1"
        return problem
    }
}
