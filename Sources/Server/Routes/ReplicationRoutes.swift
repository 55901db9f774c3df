import Core
import HTTPTypes
import Hummingbird
import NIOCore
import Node
import Replication
import ServiceLifecycle
import Synchronization
import WAL

/// The leader's side of replication: `GET /v1/replication/stream?from=LSN` streams log frames exactly as on disk,
/// with heartbeats (see `ReplicationWire` in the Replication module for the format), and
/// `GET /v1/replication/snapshot` serves the newest snapshot file for followers whose LSN is no longer retained.
/// Both need the admin or the replication token.
struct ReplicationRoutes {
    let node: Node
    let heartbeatInterval: Duration

    static let snapshotLSNHeader = HTTPField.Name("X-Nailbook-Snapshot-LSN")!

    func register(on router: RouterGroup<NailbookContext>) {
        router.get("replication/stream") { request, context in
            try Self.requireReplicator(context)
            guard let from = request.uri.queryParameters.get("from").flatMap(UInt64.init), from >= 1 else {
                throw Problem.invalid("from", "from must be an LSN (1 or more)")
            }
            let wal = node.log.wal
            guard from >= wal.firstLSN else {
                throw Problem(
                    .gone, code: "lsn_not_retained", detail: "the log holds records from LSN \(wal.firstLSN) on")
            }
            let tailer = try Self.tailer(wal, from: from)
            let interval = heartbeatInterval
            return Response(
                status: .ok,
                headers: [.contentType: "application/octet-stream"],
                body: ResponseBody { writer in
                    let stopping = StopFlag()
                    try await withGracefulShutdownHandler {
                        let streamer = ReplicationStreamer(wal: wal, tailer: tailer, heartbeat: interval)
                        try await streamer.run(isStopping: { stopping.isSet }) { bytes in
                            try await writer.write(ByteBuffer(bytes: bytes))
                        }
                    } onGracefulShutdown: {
                        stopping.set()
                    }
                    try await writer.finish(nil)
                }
            )
        }
        router.get("replication/snapshot") { _, context in
            try Self.requireReplicator(context)
            let (bytes, lsn) = try await Self.newestSnapshot(node)
            return Response(
                status: .ok,
                headers: [.contentType: "application/octet-stream", Self.snapshotLSNHeader: String(lsn)],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes))
            )
        }
    }

    static func requireReplicator(_ context: NailbookContext) throws {
        guard context.principal == .admin || context.principal == .replicator else {
            throw Problem(.forbidden, code: "forbidden", detail: "this needs the replication token")
        }
    }

    static func tailer(_ wal: WriteAheadLog, from lsn: UInt64) throws -> WALTailer {
        do {
            return try wal.tailer(from: lsn)
        } catch {
            throw Problem(.serviceUnavailable, code: "overloaded", detail: error.message)
        }
    }

    /// The newest snapshot file's bytes and LSN; one is taken first when there is none yet.
    static func newestSnapshot(_ node: Node) async throws -> ([UInt8], UInt64) {
        if try node.snapshots.lsns().isEmpty { try node.takeSnapshot() }
        guard let lsn = try node.snapshots.lsns().first else {
            throw Problem(.serviceUnavailable, code: "snapshot_unavailable", detail: "no snapshot could be taken")
        }
        let bytes = try node.options.storage.readFile(node.snapshots.directory + "/" + SnapshotStore.fileName(lsn: lsn))
        return (bytes, lsn)
    }
}

/// A one-way switch shared between a shutdown handler and the stream it ends.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}
