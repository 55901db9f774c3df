import AsyncHTTPClient
import Logging
import Node
import Replication
import ServiceLifecycle
import Synchronization
import WAL

/// The node's role changes at run time, in one place: following a leader, the handover of a promotion (fence the
/// old leader, hold everything it acknowledged, promote; see ``HandoverStateMachine``), being fenced by a newer
/// leader (then following it), and telling an old leader that could not be reached, in the background. The
/// follower loops and the background telling run in ``run()``, a service of the node.
public final class LeadershipService: ServiceLifecycle.Service, Sendable {
    /// The node's role, as the HTTP layer reads it.
    public let role: NodeRole
    let node: Node
    let token: String
    let client: HTTPClient
    let fenceClient: FenceClient
    let logger: Logger
    let ownURL: @Sendable () -> String?
    /// How long a promotion waits for the fenced old leader's last LSN.
    let catchUpTimeout: Duration
    private let state: Mutex<State>
    /// Work for ``run()``: few (one per role change), so unbounded is bounded by the role changes.
    private let commands: AsyncStream<Command>
    private let sink: AsyncStream<Command>.Continuation

    private struct State {
        var follower: Follower?
        var stopFollower: AsyncStream<Void>.Continuation?
        var promoting = false
    }

    /// Work for ``run()``.
    enum Command: Sendable {
        case follow(Follower, until: AsyncStream<Void>)
        case tellOldLeader(url: String, epoch: UInt64, newLeaderURL: String)
    }

    /// A node starting as `startup` says; `token` authenticates to other nodes (replication and fences); `ownURL`
    /// is where other nodes and clients reach this node (known once it listens). Throws `invalidLeaderURL` for a
    /// leader URL that is not an `http(s)://` URL.
    public init(
        node: Node, startup: StartupRole, token: String, ownURL: @escaping @Sendable () -> String?, logger: Logger,
        client: HTTPClient = .shared, catchUpTimeout: Duration = .seconds(10)
    ) throws(FollowerError) {
        self.node = node
        self.token = token
        self.client = client
        self.fenceClient = FenceClient(client: client, token: token)
        self.logger = logger
        self.ownURL = ownURL
        self.catchUpTimeout = catchUpTimeout
        state = Mutex(State())
        (commands, sink) = AsyncStream.makeStream(of: Command.self)
        switch startup {
        case .leader:
            role = NodeRole(.leader)
        case .follower(let url):
            role = NodeRole(.follower(leaderURL: try Follower.validated(leaderURL: url)))
        case .fenced(let fence, _):
            role = NodeRole(.follower(leaderURL: fence.leaderURL), fence: fence)
        }
        if let url = role.leaderURL { try startFollowing(url) }
    }

    /// Runs the follower loops and the background telling until graceful shutdown.
    public func run() async {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await command in self.commands {
                    switch command {
                    case .follow(let follower, let until):
                        group.addTask { await Self.run(follower, until: until) }
                    case .tellOldLeader(let url, let epoch, let newLeaderURL):
                        group.addTask { await self.tellOldLeader(url, epoch: epoch, newLeaderURL: newLeaderURL) }
                    }
                }
            }
        }
        stopFollowing()
    }

    /// The follower's figures for `/health`; nil on the leader.
    public var replication: ReplicationStatus? {
        guard !role.isLeader else { return nil }
        return state.withLock { $0.follower }?.replicationStatus
    }

    /// One follower's loop, until it stops by itself or `until` finishes (its stream request is cancelled then).
    private static func run(_ follower: Follower, until: AsyncStream<Void>) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await follower.run() }
            group.addTask { for await _ in until {} }
            await group.next()
            group.cancelAll()
        }
    }

    /// Starts tailing `leaderURL` from the end of this node's log, in place of any follower before.
    func startFollowing(_ leaderURL: String) throws(FollowerError) {
        let follower = try Follower(leaderURL: leaderURL, token: token, node: node, client: client, logger: logger)
        let (until, stop) = AsyncStream.makeStream(of: Void.self)
        let previous = state.withLock { state in
            defer { (state.follower, state.stopFollower) = (follower, stop) }
            return (state.follower, state.stopFollower)
        }
        previous.0?.stop()
        previous.1?.finish()
        sink.yield(.follow(follower, until: until))
        logger.info("following", metadata: ["leader": "\(follower.leaderURL)"])
    }

    /// Hands `command` to ``run()``.
    func send(_ command: Command) { sink.yield(command) }

    /// Takes the one promotion slot; false while another promotion runs.
    func beginPromotion() -> Bool {
        state.withLock { state in
            guard !state.promoting else { return false }
            state.promoting = true
            return true
        }
    }

    /// Frees the promotion slot.
    func endPromotion() { state.withLock { $0.promoting = false } }

    /// Stops tailing for good (promotion, shutdown).
    func stopFollowing() {
        let (follower, stop) = state.withLock { state in
            defer { (state.follower, state.stopFollower) = (nil, nil) }
            return (state.follower, state.stopFollower)
        }
        follower?.stop()
        stop?.finish()
    }

    /// Tells an old leader that could not be reached at promotion, until it answers (see
    /// ``HandoverStateMachine/retry(after:attempt:)``), this node stops leading, or it shuts down.
    private func tellOldLeader(_ url: String, epoch: UInt64, newLeaderURL: String) async {
        var attempt = 1
        // Only while this node leads: once another node took over from it, that node's fences count.
        while !Task.isCancelled && role.isLeader {
            let answer = await fenceClient.fence(oldLeaderURL: url, epoch: epoch, newLeaderURL: newLeaderURL)
            switch HandoverStateMachine.retry(after: answer, attempt: attempt) {
            case .done(.fenced(let lsn)):
                logger.notice("old leader fenced", metadata: ["leader.old": "\(url)", "wal.lsn": "\(lsn)"])
                return
            case .done(let other):
                logger.error(
                    "old leader not fenced: it refuses", metadata: ["leader.old": "\(url)", "answer": "\(other)"])
                return
            case .after(let seconds):
                attempt += 1
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000 * Double.random(in: 0.5...1.5))))
            }
        }
    }
}
