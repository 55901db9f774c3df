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
            guard case .follower = hooks.role.role, let promote = hooks.promote else {
                throw Problem(.conflict, code: "not_a_follower", detail: "only a follower can be promoted")
            }
            let epoch: UInt64
            do {
                epoch = try await promote()
            } catch let error as WALError where error.code == .notReadOnly {
                throw Problem(.conflict, code: "not_a_follower", detail: "this node was promoted already")
            }
            hooks.role.promote()
            return JSONResponse.make { json in
                json.object { json in
                    json.field("role", "leader")
                    json.field("epoch", epoch)
                    json.field("appliedLsn", api.engine.store.appliedLSN)
                }
            }
        }
    }
}
