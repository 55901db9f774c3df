import Synchronization

/// Messages read from the leader's stream, waiting for the follower to store them. The reader keeps reading while
/// the follower is inside an fsync, so everything that arrived meanwhile is stored by the next single fsync; a bound
/// on what waits stops the reader (and, through TCP, the leader) when the disk falls behind.
final class StreamInbox: Sendable {
    private struct State {
        var messages: [StreamMessage] = []
        var bytes = 0
        var finished = false
        var wakeUp: CheckedContinuation<Void, Never>?
        var roomWaiter: CheckedContinuation<Void, Never>?
    }

    /// Most frame bytes that wait before the reader pauses.
    let bytesMax: Int
    private let state = Mutex(State())

    init(bytesMax: Int = 16 << 20) { self.bytesMax = bytesMax }

    /// Adds messages (from the reader); waits first while the inbox is full.
    func put(_ messages: [StreamMessage]) async {
        while state.withLock({ $0.bytes >= bytesMax && !$0.finished }) {
            await withCheckedContinuation { continuation in
                let full = state.withLock { state in
                    guard state.bytes >= bytesMax, !state.finished else { return false }
                    state.roomWaiter = continuation
                    return true
                }
                if !full { continuation.resume() }
            }
        }
        let wakeUp = state.withLock { state in
            state.messages += messages
            state.bytes += messages.reduce(0) { $0 + $1.size }
            defer { state.wakeUp = nil }
            return state.wakeUp
        }
        wakeUp?.resume()
    }

    /// The reader is done: `take` answers what is left, then nil.
    func finish() {
        let (wakeUp, room) = state.withLock { state in
            state.finished = true
            defer {
                state.wakeUp = nil
                state.roomWaiter = nil
            }
            return (state.wakeUp, state.roomWaiter)
        }
        wakeUp?.resume()
        room?.resume()
    }

    /// Everything waiting (at least one message), or nil once finished and empty.
    func take() async -> [StreamMessage]? {
        while true {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if !state.messages.isEmpty || state.finished { return true }
                    state.wakeUp = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
            let (messages, finished, room) = state.withLock { state in
                defer {
                    state.messages = []
                    state.bytes = 0
                    state.roomWaiter = nil
                }
                return (state.messages, state.finished, state.roomWaiter)
            }
            room?.resume()
            if !messages.isEmpty { return messages }
            if finished { return nil }
        }
    }
}

extension StreamMessage {
    /// The bytes a message holds (a frame's size; a heartbeat counts as nothing).
    var size: Int {
        switch self {
        case .frame(let frame): return frame.bytes.count
        case .heartbeat: return 0
        }
    }
}
