import WAL

/// How `serve` starts a data folder, decided from `--follow` and the folder's ``LeadershipRecord``.
///
/// | `--follow` | record | start as |
/// |---|---|---|
/// | given | any | a follower of that URL (its log read-only, continuing at the log's epoch) |
/// | none | none | a leader at epoch 0 (a folder that never took part in a promotion) |
/// | none | leader at E | a leader at epoch E (a promoted node restarting); a log with a higher epoch is refused |
/// | none | fenced by E at URL | fenced: local writes refused, following URL (an old leader restarted) |
/// | none | diverged, fenced by E at URL, keeping through L | fenced at L, after the log's records past L are cut (`NodeOptions.cutsDivergedTail`) |
public enum StartupRole: Sendable, Equatable {
    /// Takes writes at this epoch.
    case leader(epoch: UInt64)
    /// Follows the leader at this URL.
    case follower(leaderURL: String)
    /// A former leader: refuses local writes and follows the leader that fenced it.
    case fenced(LogFence, lsn: UInt64)

    /// The role for a start with `follow` (the `--follow` URL, if given) on a folder holding `record`.
    public static func decide(follow: String?, record: LeadershipRecord?) -> StartupRole {
        if let follow { return .follower(leaderURL: follow) }
        switch record {
        case nil: return .leader(epoch: 0)
        case .leader(let epoch): return .leader(epoch: epoch)
        case .fenced(let fence, let lsn), .diverged(let fence, let lsn): return .fenced(fence, lsn: lsn)
        }
    }

    /// Sets the options' epoch, read-only and fence for this role.
    public func configure(_ options: inout NodeOptions) {
        switch self {
        case .leader(let epoch):
            options.epoch = epoch
            options.adoptsLogEpoch = false
            options.readOnly = false
            options.fence = nil
        case .follower:
            options.adoptsLogEpoch = true
            options.readOnly = true
            options.fence = nil
        case .fenced(let fence, let lsn):
            options.adoptsLogEpoch = true
            options.readOnly = false
            options.fence = (fence, lsn)
        }
    }

    /// The leader this node follows, if any.
    public var leaderURL: String? {
        switch self {
        case .leader: return nil
        case .follower(let url): return url
        case .fenced(let fence, _): return fence.leaderURL
        }
    }
}
