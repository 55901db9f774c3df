/// The promoting follower's side of a handover, as a pure state machine: fence the old leader, hold everything it
/// ever acknowledged, then promote. No I/O and no clock: the caller (the node's leadership service) performs the
/// actions and reports what happened.
///
/// Safety: a promotion after a successful fence waits until this node's log holds the old leader's last LSN, so every
/// write the old leader acknowledged is on the new leader, and the old leader acknowledges none after its fence. An
/// old leader that cannot be reached (the request never left: nothing listens there) is promoted away from anyway
/// (the failover of a dead leader) and told later, in the background. One that may have got the fence without
/// answering is asked again; one that answers but refuses (it is not the leader, does not know fencing, refuses the
/// token) stops the promotion, since it may still be taking writes.
public struct HandoverStateMachine: Sendable {
    /// What to do next.
    public enum Action: Sendable, Equatable {
        /// Ask the old leader to fence itself for this epoch.
        case fence(epoch: UInt64)
        /// Wait until this node's log has applied this LSN (the old leader's last), then report ``caughtUp()``.
        case awaitLSN(UInt64)
        /// Promote this node to the epoch; when the old leader was not fenced, keep telling it in the background.
        case promote(epoch: UInt64, oldLeaderFenced: Bool)
        /// Give up: this node stays a follower, and the reason says what the operator must do.
        case fail(Failure)
    }

    /// Why a promotion did not happen.
    public enum Failure: Sendable, Equatable, CustomStringConvertible {
        /// The node this one follows is not the leader (a follower itself, or fenced by another); the leader it
        /// names, if any.
        case leaderMoved(leaderURL: String?)
        /// The old leader does not know fencing (an older release): stop it first, then promote.
        case fenceUnsupported
        /// The old leader refused the fence with this HTTP status (a wrong replication token, an error).
        case fenceRefused(status: Int)
        /// The old leader's epoch stayed at or above the proposed one.
        case staleEpoch(leaderEpoch: UInt64)
        /// The old leader is fenced, but this node did not get its log up to `lsn` in time.
        case catchUpTimedOut(lsn: UInt64)
        /// The old leader did not answer (it may be fenced, or may still take writes): stop it, then promote again.
        case fenceUnanswered

        public var description: String {
            switch self {
            case .leaderMoved(let url):
                return "the node this one follows is not the leader" + (url.map { " (the leader is \($0))" } ?? "")
            case .fenceUnsupported:
                return "the leader does not support fencing (an older release): stop it, then promote"
            case .fenceRefused(let status):
                return "the leader refused the fence (it answered \(status)): check NAILBOOK_REPLICATION_TOKEN"
            case .staleEpoch(let epoch):
                return "the leader's epoch \(epoch) stayed above the proposed one"
            case .catchUpTimedOut(let lsn):
                return "the leader is fenced at LSN \(lsn), but this node did not reach it in time; promote again"
            case .fenceUnanswered:
                return "the leader did not answer the fence: stop it (or promote again), then promote"
            }
        }
    }

    /// What the background telling of an unreachable old leader does after an answer.
    public enum Retry: Sendable, Equatable {
        /// It is fenced now (or refuses for a reason a retry cannot change): stop.
        case done(FenceAnswer)
        /// Try again after this many seconds (before jitter).
        case after(seconds: Double)
    }

    private enum Phase: Sendable, Equatable {
        case idle
        case fencing
        case catchingUp(lsn: UInt64)
        case finished
    }

    /// The epoch proposed to the old leader, and taken by this node on promotion.
    public private(set) var epoch: UInt64
    private var phase = Phase.idle
    private var retriedStaleEpoch = false
    private var unansweredFences = 0

    /// How many fences may go unanswered before the promotion gives up.
    public static let unansweredFencesMax = 3

    /// A handover that proposes `proposedEpoch` (one above every epoch this node knows of).
    public init(proposedEpoch: UInt64) {
        precondition(proposedEpoch > 0, "a promotion's epoch is at least 1")
        epoch = proposedEpoch
    }

    /// The first action: fence the old leader.
    public mutating func start() -> Action {
        precondition(phase == .idle, "a handover starts once")
        phase = .fencing
        return .fence(epoch: epoch)
    }

    /// The old leader answered the fence (or could not be reached).
    public mutating func answered(_ answer: FenceAnswer) -> Action {
        precondition(phase == .fencing, "an answer without a fence")
        switch answer {
        case .fenced(let lsn):
            phase = .catchingUp(lsn: lsn)
            return .awaitLSN(lsn)
        case .staleEpoch(let leaderEpoch) where !retriedStaleEpoch && leaderEpoch >= epoch:
            // The old leader raised its epoch without a frame this node saw (a promotion, then no write): go above.
            retriedStaleEpoch = true
            epoch = leaderEpoch + 1
            return .fence(epoch: epoch)
        case .staleEpoch(let leaderEpoch):
            return finish(.staleEpoch(leaderEpoch: leaderEpoch))
        case .notLeader(let url):
            return finish(.leaderMoved(leaderURL: url))
        case .unsupported:
            return finish(.fenceUnsupported)
        case .refused(let status):
            return finish(.fenceRefused(status: status))
        case .unreachable:
            phase = .finished
            return .promote(epoch: epoch, oldLeaderFenced: false)
        case .noAnswer:
            // It may be fenced already: ask again (the same fence answers the same LSN), never promote past it.
            unansweredFences += 1
            guard unansweredFences < Self.unansweredFencesMax else { return finish(.fenceUnanswered) }
            return .fence(epoch: epoch)
        }
    }

    /// This node's log holds the old leader's last LSN.
    public mutating func caughtUp() -> Action {
        guard case .catchingUp = phase else { preconditionFailure("caught up without waiting") }
        phase = .finished
        return .promote(epoch: epoch, oldLeaderFenced: true)
    }

    /// The wait for the old leader's last LSN timed out: the old leader stays fenced, this node a follower.
    public mutating func catchUpTimedOut() -> Action {
        guard case .catchingUp(let lsn) = phase else { preconditionFailure("timed out without waiting") }
        return finish(.catchUpTimedOut(lsn: lsn))
    }

    private mutating func finish(_ failure: Failure) -> Action {
        phase = .finished
        return .fail(failure)
    }

    /// After a promotion away from an unreachable old leader, whether to tell it again: only while it cannot be
    /// reached or does not answer, `attempt` (from 1) doubling the delay from 50 ms up to 5 s.
    public static func retry(after answer: FenceAnswer, attempt: Int) -> Retry {
        precondition(attempt >= 1, "attempts count from 1")
        switch answer {
        case .unreachable, .noAnswer: return .after(seconds: min(0.05 * Double(1 << min(attempt - 1, 7)), 5))
        default: return .done(answer)
        }
    }
}
