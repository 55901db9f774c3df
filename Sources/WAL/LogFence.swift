/// What a leader's log learned when a newer leader took over: the newer epoch and where that leader is. Once a log
/// holds a fence it refuses every local append (`fenced`), so its node can never acknowledge a write of its own again;
/// it may still store the new leader's frames (as a follower) and be promoted later.
public struct LogFence: Sendable, Hashable, CustomStringConvertible {
    /// The newer leader's epoch: above every epoch this log wrote.
    public var epoch: UInt64
    /// The newer leader's base URL (opaque to the log: it is only reported).
    public var leaderURL: String

    /// A fence by the leader at `leaderURL` with `epoch`.
    public init(epoch: UInt64, leaderURL: String) {
        precondition(epoch > 0, "a fence comes from a promotion, whose epoch is at least 1")
        self.epoch = epoch
        self.leaderURL = leaderURL
    }

    public var description: String { "epoch \(epoch) at \(leaderURL)" }
}
