import Core
import Hummingbird
import WAL

/// `/v1/admin`: node operations for the platform admin.
struct AdminRoutes {
    let api: API
    let hooks: NodeHooks

    func register(on router: RouterGroup<NailbookContext>) {
        router.get("admin/state") { _, context in
            try api.requireAdmin(context)
            // A copy-on-write copy, digested outside the state's lock: the log's applier is never held up.
            let state = api.engine.store.snapshot()
            let (lsn, digest) = (state.appliedLSN, state.digest())
            return JSONResponse.make { json in
                json.object { json in
                    json.field("appliedLsn", lsn)
                    json.field("digest", String(digest, radix: 16))
                    if let node = hooks.replicationSource { json.field("logFirstLsn", node.log.wal.firstLSN) }
                }
            }
        }
        router.post("admin/promote") { _, context in
            try api.requireAdmin(context)
            guard let promote = hooks.promote, !hooks.role.isLeader else {
                throw Problem(.conflict, code: "not_a_follower", detail: "only a follower can be promoted")
            }
            let promotion: Promotion
            do throws(PromotionError) {
                promotion = try await promote()
            } catch {
                throw Self.problem(for: error)
            }
            return JSONResponse.make { json in
                json.object { json in
                    json.field("role", "leader")
                    json.field("epoch", promotion.epoch)
                    json.field("appliedLsn", api.engine.store.appliedLSN)
                    json.field("oldLeader", promotion.oldLeaderURL)
                    json.field("oldLeaderFenced", promotion.oldLeaderFenced)
                }
            }
        }
    }

    /// The answer to a promotion that did not happen; the node is still a follower.
    static func problem(for error: PromotionError) -> Problem {
        switch error.reason {
        case .notAFollower(let detail):
            return Problem(.conflict, code: "not_a_follower", detail: detail)
        case .handover(.leaderMoved(let leaderURL)):
            var problem = Problem(.conflict, code: "leader_moved", detail: error.description)
            if let leaderURL { problem.headers[ReplicaMiddleware.leaderHeader] = leaderURL }
            return problem
        case .handover(.fenceUnsupported):
            return Problem(.conflict, code: "fence_unsupported", detail: error.description)
        case .handover(.fenceUnanswered):
            return Problem(.gatewayTimeout, code: "fence_unanswered", detail: error.description)
        case .handover(.catchUpTimedOut):
            var problem = Problem(.serviceUnavailable, code: "catch_up_timeout", detail: error.description)
            problem.headers[.retryAfter] = "1"
            return problem
        case .handover:
            return Problem(.badGateway, code: "fence_refused", detail: error.description)
        case .ownURLUnknown:
            return Problem(.serviceUnavailable, code: "not_ready", detail: error.description)
        case .log:
            return Problem(.serviceUnavailable, code: "promotion_failed", detail: "the log refused the promotion")
        }
    }
}
