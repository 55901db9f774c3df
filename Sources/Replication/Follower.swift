import AsyncHTTPClient
import Core
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Node
import Synchronization
import WAL

/// A follower: tails the leader's log over HTTP, stores every frame in its own log (fsynced) before applying it,
/// mirrors the staff schedules, and reconnects with backoff. The protocol decisions are the
/// ``FollowerStateMachine``'s; this type only performs them.
public final class Follower: Sendable {
    /// The leader's base URL.
    public let leaderURL: String
    let token: String
    let node: Node
    let client: HTTPClient
    let logger: Logger
    let heartbeatTimeout: Duration
    /// How this follower names itself in its acknowledgements (`POST /v1/replication/ack`): unique per follower.
    let ackID = UUID().uuidString
    private let progress: Mutex<Progress>

    struct Progress {
        var machine: FollowerStateMachine
        var leaderLSN: UInt64 = 0
        var leaderMillis: Int64 = 0
        var lastMillis: Int64 = 0
        var bytes: UInt64 = 0
        var stopped = false
        /// Whether the leader ever accepted our stream or served its snapshot.
        var leaderReached = false
        /// Why the last connection attempt failed, until one succeeds.
        var failure: FollowerError?
    }

    /// What `/health` and `/metrics` show about replication.
    public struct Status: Sendable {
        /// The connection phase.
        public var phase: FollowerStateMachine.Phase
        /// Our last LSN.
        public var appliedLSN: UInt64
        /// The leader's last durable LSN as last heard.
        public var leaderLSN: UInt64
        /// Records behind.
        public var lagRecords: UInt64
        /// Seconds behind, on the leader's clock.
        public var lagSeconds: Double
        /// Reconnections so far.
        public var reconnects: Int
        /// Bytes received so far.
        public var bytes: UInt64
        /// Whether the leader ever accepted our stream (or served its snapshot); until then the lag is unknown.
        public var leaderReached: Bool
        /// Why the last attempt to reach the leader failed, until one succeeds.
        public var failure: FollowerError?
    }

    /// Creates a follower of `leaderURL` for `node`, authenticating with `token`; a `leaderURL` that is not an
    /// `http://` or `https://` URL with a host (and no query) is refused with `invalidLeaderURL`.
    public init(
        leaderURL: String,
        token: String,
        node: Node,
        client: HTTPClient = .shared,
        logger: Logger,
        heartbeatTimeout: Duration = .seconds(5)
    ) throws(FollowerError) {
        self.leaderURL = try Self.validated(leaderURL: leaderURL)
        self.token = token
        self.node = node
        self.client = client
        self.logger = logger
        self.heartbeatTimeout = heartbeatTimeout
        let wal = node.log.wal
        let machine = FollowerStateMachine(
            lastLSN: wal.durableLSN, lastFrameCRC: wal.lastFrameCRC, epoch: wal.lastEpoch)
        progress = Mutex(Progress(machine: machine, lastMillis: wal.lastFrameTimestampMillis ?? 0))
    }

    /// The replication figures now.
    public var status: Status {
        progress.withLock { progress in
            let applied = progress.machine.lastLSN
            let behind = progress.leaderLSN > applied ? progress.leaderLSN - applied : 0
            let seconds = behind == 0 ? 0 : Double(max(0, progress.leaderMillis - progress.lastMillis)) / 1000
            return Status(
                phase: progress.machine.phase,
                appliedLSN: applied,
                leaderLSN: max(progress.leaderLSN, applied),
                lagRecords: behind,
                lagSeconds: seconds,
                reconnects: progress.machine.reconnects,
                bytes: progress.bytes,
                leaderReached: progress.leaderReached,
                failure: progress.failure
            )
        }
    }

    /// Tails until ``stop()`` or cancellation.
    public func run() async {
        var action = progress.withLock { $0.machine.start() }
        while !Task.isCancelled {
            switch action {
            case .connect(let lsn):
                action = await stream(from: lsn)
            case .reconnect(let delay, let reason):
                logger.warning("replication stream dropped", metadata: ["reason": "\(reason)"])
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000 * Double.random(in: 0.5...1.5))))
                action = progress.withLock { $0.machine.reconnectDue() }
            case .fetchSnapshot:
                action = await loadSnapshot()
            case .store, .ignore:
                preconditionFailure("handled while streaming")
            }
            if progress.withLock({ $0.stopped }) { return }
        }
    }

    /// Stops tailing for good (promotion or shutdown).
    public func stop() {
        progress.withLock { progress in
            progress.stopped = true
            progress.machine.stop()
        }
    }
}

extension Follower {
    /// One connection: stream frames until it ends; returns what to do next.
    func stream(from lsn: UInt64) async -> FollowerStateMachine.Action {
        let crc = progress.withLock { $0.machine.lastFrameCRC }
        var request = HTTPClientRequest(
            url: "\(leaderURL)/v1/replication/stream?from=\(lsn)" + (crc.map { "&crc=\($0)" } ?? ""))
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        do {
            let response = try await client.execute(request, deadline: .distantFuture)
            if response.status == .gone { return progress.withLock { $0.machine.lsnNotRetained() } }
            guard response.status == .ok else {
                let failure = FollowerError(.refused, "the leader answered \(response.status.code)")
                return progress.withLock { progress in
                    progress.failure = failure
                    return progress.machine.streamEnded(failure.message)
                }
            }
            progress.withLock { progress in
                progress.machine.connected()
                progress.leaderReached = true
                progress.failure = nil
            }
            logger.info("replication stream open", metadata: ["wal.lsn": "\(lsn)", "leader": "\(leaderURL)"])
            // Where this log is known to hold the leader's history: its end, if the leader said it is its own.
            let verified = response.headers.first(name: ReplicationWire.verifiedHeader).flatMap(UInt64.init)
            if let next = try await consume(response.body, verified: verified == lsn - 1 ? verified : nil) {
                return next
            }
            return progress.withLock { $0.machine.streamEnded("the leader closed the stream") }
        } catch let error as FollowerError {
            return progress.withLock { $0.machine.streamEnded(error.description) }
        } catch {
            let failure = FollowerError(.unreachable, "\(error)")
            return progress.withLock { progress in
                if progress.machine.phase == .connecting { progress.failure = failure }
                return progress.machine.streamEnded(failure.message)
            }
        }
    }

    /// Reads the body and stores its frames; returns an action when the state machine asks to leave the stream.
    /// One task reads and parses, another stores: what arrives during an fsync is stored by the next one.
    /// `verified`: the LSN through which the leader confirmed this log holds its history; every frame stored from
    /// this stream extends it. Only that is reported to the leader (synchronous replication): a log that diverged
    /// (an old leader's tail) never confirms the leader's records at the same LSNs.
    private func consume(_ body: HTTPClientResponse.Body, verified: UInt64?) async throws
        -> FollowerStateMachine.Action?
    {
        let held = HeldLSN(verified)
        let lastHeard = LastHeard()
        let timeout = heartbeatTimeout
        let inbox = StreamInbox()
        enum Finished: Sendable {
            case reader
            case storer(FollowerStateMachine.Action?)
            case acker
        }
        // Synchronous replication: the leader learns how far this log is durable after every store.
        let acks = AckSender(leaderURL: leaderURL, token: token, follower: ackID, client: client)
        return try await withThrowingTaskGroup(of: Finished.self) { group in
            group.addTask {
                defer { inbox.finish() }
                var parser = ReplicationStreamParser()
                for try await buffer in body {
                    lastHeard.touch()
                    self.progress.withLock { $0.bytes += UInt64(buffer.readableBytes) }
                    parser.append(buffer.readableBytesView)
                    var messages: [StreamMessage] = []
                    while let message = try parser.nextMessage() { messages.append(message) }
                    if !messages.isEmpty { await inbox.put(messages) }
                    try Task.checkCancellation()
                }
                return .reader
            }
            group.addTask {
                defer { inbox.finish() }  // a reader waiting for room must not wait for a storer that left
                while let messages = await inbox.take() {
                    let (leave, stored) = try await self.handle(messages)
                    if let stored {
                        held.extend(to: stored)
                        acks.stored(through: stored)
                    }
                    if let leave { return .storer(leave) }
                }
                return .storer(nil)
            }
            group.addTask {
                await acks.run { held.lsn }
                return .acker
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(200))
                    if ContinuousClock.now - lastHeard.time > timeout {
                        throw FollowerError(.heartbeatTimeout, "no heartbeat from the leader for \(timeout)")
                    }
                }
            }
            defer { group.cancelAll() }
            while let finished = try await group.next() {
                if case .storer(let action) = finished { return action }
            }
            return nil
        }
    }

    /// Handles what arrived together: every frame that continues the log is stored with one fsync (checked first
    /// against a copy of the state machine, so a bad frame stops the batch before it), then the state machine
    /// learns they are stored; a frame that does not fit ends the stream after the good ones before it.
    /// Returns what to do next (nil: go on) and the last LSN stored from this batch (nil: none).
    private func handle(_ messages: [StreamMessage]) async throws -> (FollowerStateMachine.Action?, UInt64?) {
        var machine = progress.withLock { $0.machine }
        var batch: [VerifiedFrame] = []
        var refused: VerifiedFrame?
        for message in messages {
            switch message {
            case .heartbeat(let lsn, let millis):
                progress.withLock { progress in
                    progress.leaderLSN = max(progress.leaderLSN, lsn)
                    progress.leaderMillis = max(progress.leaderMillis, millis)
                }
            case .frame(let frame):
                guard refused == nil else { continue }
                switch machine.received(frame) {
                case .store(let verified):
                    machine.stored(verified)
                    batch.append(verified)
                case .ignore:
                    continue
                default:
                    refused = frame
                }
            }
        }
        if !batch.isEmpty {
            do {
                try await node.storeReplicated(
                    batch.map { (LogFrame(header: $0.header, bytes: $0.bytes), $0.records) })
            } catch {
                // The frames before a refused one are stored: the next connection must ask for what follows them.
                noteStored(batch.filter { $0.header.nextLSN - 1 <= node.log.wal.durableLSN })
                throw error
            }
            noteStored(batch)
        }
        let stored = batch.last.map { $0.header.nextLSN - 1 }
        guard let refused else { return (nil, stored) }
        return (progress.withLock { $0.machine.received(refused) }, stored)
    }

    /// Tells the state machine these frames (in order) are durable in our log.
    private func noteStored(_ frames: [VerifiedFrame]) {
        guard let last = frames.last else { return }
        progress.withLock { progress in
            for verified in frames { progress.machine.stored(verified) }
            progress.lastMillis = last.header.timestampMillis
        }
    }

    /// Replaces our state with the leader's newest snapshot, then tails from it.
    func loadSnapshot() async -> FollowerStateMachine.Action {
        var request = HTTPClientRequest(url: "\(leaderURL)/v1/replication/snapshot")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        do {
            let response = try await client.execute(request, deadline: .now() + .minutes(10))
            guard response.status == .ok else {
                throw FollowerError(.snapshotUnavailable, "the snapshot request answered \(response.status.code)")
            }
            let buffer = try await response.body.collect(upTo: 8 << 30)
            let lsn = try await node.replaceState(withSnapshotFile: Array(buffer.readableBytesView)) { files in
                try await fetch(files)
            }
            logger.info("loaded the leader's snapshot", metadata: ["wal.lsn": "\(lsn)"])
            return progress.withLock { progress in
                progress.leaderReached = true
                progress.failure = nil
                return progress.machine.snapshotLoaded(lsn: lsn)
            }
        } catch {
            return progress.withLock { $0.machine.streamEnded("snapshot: \(error)") }
        }
    }
}

extension Follower {
    /// Fetches from the leader archive files its snapshot names that this node lacks (the snapshot no longer holds
    /// their bookings, so they cannot be written from the state here), each checked against its record.
    func fetch(_ files: [ArchivedFile]) async throws {
        for file in files {
            var request = HTTPClientRequest(url: "\(leaderURL)/v1/replication/archive/\(file.name)")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await client.execute(request, deadline: .now() + .minutes(10))
            guard response.status == .ok else {
                throw FollowerError(
                    .snapshotUnavailable, "archive file \(file.name): the leader answered \(response.status.code)")
            }
            let buffer = try await response.body.collect(upTo: 1 << 30)
            try node.archive.store(Array(buffer.readableBytesView), for: file)
            logger.info("fetched an archive file from the leader", metadata: ["archive.file": "\(file.name)"])
        }
    }

    /// `leaderURL` without a trailing `/`, if it is an `http://` or `https://` URL with a host and nothing after
    /// its path; else `invalidLeaderURL`.
    public static func validated(leaderURL: String) throws(FollowerError) -> String {
        let trimmed = leaderURL.hasSuffix("/") ? String(leaderURL.dropLast()) : leaderURL
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil
        else {
            throw FollowerError(.invalidLeaderURL, "--follow must be an http:// or https:// URL with a host")
        }
        return trimmed
    }
}

/// When the last bytes came from the leader (shared by the reader and the watchdog).
final class LastHeard: Sendable {
    private let instant = Mutex(ContinuousClock.now)
    var time: ContinuousClock.Instant { instant.withLock { $0 } }
    func touch() { instant.withLock { $0 = ContinuousClock.now } }
}

/// The LSN through which this follower's log is known to hold the leader's history (shared by the storer and the
/// acknowledgements of one stream).
final class HeldLSN: Sendable {
    private let value: Mutex<UInt64?>
    init(_ lsn: UInt64?) { value = Mutex(lsn) }
    var lsn: UInt64? { value.withLock { $0 } }
    func extend(to lsn: UInt64) { value.withLock { $0 = max($0 ?? 0, lsn) } }
}
