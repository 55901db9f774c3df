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
    /// The streams open now (the admin console lists them).
    let followers: FollowerRegistry

    static let snapshotLSNHeader = HTTPField.Name("X-Nailbook-Snapshot-LSN")!
    static let verifiedHeader = HTTPField.Name(ReplicationWire.verifiedHeader)!

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
            // A follower that says where its log ends (`crc`: the header CRC of its last frame) learns whether that
            // is this log's end too: then it may report that LSN as held (synchronous replication) before any frame.
            var headers: HTTPFields = [.contentType: "application/octet-stream"]
            let tip = wal.durableTip
            if let crc = request.uri.queryParameters.get("crc").flatMap(UInt32.init), from - 1 == tip.lsn,
                crc == tip.frameCRC
            {
                headers[Self.verifiedHeader] = String(tip.lsn)
            }
            let interval = heartbeatInterval
            let followers = followers
            let address = context.remoteAddress
            return Response(
                status: .ok,
                headers: headers,
                body: ResponseBody { writer in
                    let stopping = StopFlag()
                    try await withGracefulShutdownHandler {
                        let streamer = ReplicationStreamer(wal: wal, tailer: tailer, heartbeat: interval)
                        let handle = followers.open(address: address, fromLSN: from)
                        defer { followers.close(handle) }
                        try await streamer.run(
                            isStopping: { stopping.isSet }, sent: { followers.sent(handle, through: $0) }
                        ) { bytes in
                            try await writer.write(ByteBuffer(bytes: bytes))
                        }
                    } onGracefulShutdown: {
                        stopping.set()
                    }
                    try await writer.finish(nil)
                }
            )
        }
        router.get("replication/archive/:name") { _, context in
            // An archive file the state names, for a follower that loaded a snapshot without its bookings.
            try Self.requireReplicator(context)
            let name = context.parameters.get("name") ?? ""
            guard let file = node.engine.archivedFiles.first(where: { $0.name == name }) else {
                throw Problem.notFound("archive file")
            }
            let bytes: [UInt8]
            do {
                bytes = try node.options.storage.readFile(node.archive.directory + "/" + file.name)
            } catch {
                throw Problem(.serviceUnavailable, code: "not_ready", detail: "the archive file cannot be read")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream", .contentLength: String(bytes.count)],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("replication/snapshot") { _, context in
            try Self.requireReplicator(context)
            let storage = node.options.storage
            let (file, size, lsn) = try await Self.openNewestSnapshot(node)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/octet-stream", .contentLength: String(size),
                    Self.snapshotLSNHeader: String(lsn),
                ],
                body: ResponseBody { writer in
                    // One open handle for the whole body: a snapshot pruned or replaced meanwhile is still read
                    // whole. Each chunk is read on a dispatch thread, never on the cooperative pool.
                    defer { storage.close(file) }
                    var offset = 0
                    while offset < size {
                        let (start, count) = (offset, min(Self.snapshotChunkBytes, size - offset))
                        let chunk = try await SnapshotService.onOwnThread {
                            try storage.read(file, offset: start, count: count)
                        }
                        guard !chunk.isEmpty else { break }
                        try await writer.write(ByteBuffer(bytes: chunk))
                        offset += chunk.count
                    }
                    try await writer.finish(nil)
                }
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

    /// How much of a snapshot file is read and sent at a time.
    static let snapshotChunkBytes = 256 * 1024

    /// The newest snapshot file, open for reading, with its size and LSN; one is taken first (on a dispatch thread)
    /// when there is none. The caller closes the file.
    static func openNewestSnapshot(_ node: Node) async throws -> (file: StorageFile, size: Int, lsn: UInt64) {
        try await SnapshotService.onOwnThread {
            if try node.snapshots.lsns().isEmpty { try node.takeSnapshot() }
            let storage = node.options.storage
            // A snapshot pruned between listing and opening: list again.
            for _ in 0..<3 {
                guard let lsn = try node.snapshots.lsns().first else { break }
                let path = node.snapshots.directory + "/" + SnapshotStore.fileName(lsn: lsn)
                guard let file = try? storage.openForReading(path) else { continue }
                do {
                    return (file, try storage.fileSize(file), lsn)
                } catch {
                    storage.close(file)
                    throw error
                }
            }
            throw Problem(.serviceUnavailable, code: "snapshot_unavailable", detail: "no snapshot could be taken")
        }
    }
}

/// A one-way switch shared between a shutdown handler and the stream it ends.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}
