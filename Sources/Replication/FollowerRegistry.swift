import Foundation
import Synchronization

/// The followers streaming from this leader right now, as the leader sees them: where the stream goes, where it
/// started, and the last LSN sent down it (the admin console's node panel; a follower's own `/health` has its lag
/// as it sees it).
public final class FollowerRegistry: Sendable {
    /// One open replication stream.
    public struct Stream: Sendable, Equatable {
        /// The follower's address as this server saw the connection.
        public var address: String
        /// When the stream opened.
        public var connectedAt: Date
        /// The LSN the follower asked to start from.
        public var fromLSN: UInt64
        /// The last LSN sent down the stream (one below `fromLSN` before the first frame).
        public var sentLSN: UInt64
        /// When frames were last sent (nil: none yet).
        public var lastSentAt: Date?
    }

    private struct State {
        var next = 0
        var streams: [Int: Stream] = [:]
    }

    private let state = Mutex(State())

    /// An empty registry.
    public init() {}

    /// Registers a stream that opens now; returns its handle for `sent` and `close`.
    public func open(address: String, fromLSN: UInt64) -> Int {
        state.withLock { state in
            state.next += 1
            state.streams[state.next] = Stream(
                address: address, connectedAt: Date(), fromLSN: fromLSN, sentLSN: fromLSN - 1, lastSentAt: nil)
            return state.next
        }
    }

    /// Records that frames up to `lsn` went down the stream.
    public func sent(_ handle: Int, through lsn: UInt64) {
        state.withLock { state in
            state.streams[handle]?.sentLSN = lsn
            state.streams[handle]?.lastSentAt = Date()
        }
    }

    /// Forgets a stream that ended.
    public func close(_ handle: Int) {
        _ = state.withLock { $0.streams.removeValue(forKey: handle) }
    }

    /// The open streams, oldest first.
    public var streams: [Stream] {
        state.withLock { state in state.streams.sorted { $0.key < $1.key }.map(\.value) }
    }
}
