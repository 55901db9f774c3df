import Replication
import WAL

/// A promotion (`POST /v1/admin/promote`) did not happen: this node is still a follower (or was never one).
public struct PromotionError: Error, Sendable, CustomStringConvertible {
    /// Why; new reasons can be added without breaking callers.
    public enum Reason: Sendable, Equatable {
        /// This node is the leader already, or another promotion is under way.
        case notAFollower(String)
        /// The handover stopped before promoting (see ``HandoverStateMachine/Failure``).
        case handover(HandoverStateMachine.Failure)
        /// This node's URL is not known yet (it is not listening): the old leader could not be told where to go.
        case ownURLUnknown
        /// The log or the leadership record refused the promotion.
        case log(String)
    }

    /// Why.
    public var reason: Reason

    /// A promotion error for `reason`.
    public init(_ reason: Reason) { self.reason = reason }

    public var description: String {
        switch reason {
        case .notAFollower(let text): return text
        case .handover(let failure): return failure.description
        case .ownURLUnknown: return "this node does not know its own URL yet"
        case .log(let text): return text
        }
    }
}

/// A promotion that happened.
public struct Promotion: Sendable, Equatable {
    /// The new epoch.
    public var epoch: UInt64
    /// Whether the old leader was fenced before (else it could not be reached, and is told in the background).
    public var oldLeaderFenced: Bool
    /// The old leader's URL.
    public var oldLeaderURL: String
}
