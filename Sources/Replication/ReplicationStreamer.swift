import WAL

/// The leader's side of one replication stream: frames from a tailer as they become durable, and a heartbeat with
/// the leader's progress at least every `heartbeat`, so a follower can tell "idle" from "stalled" and measure lag.
///
/// Flow control: the next batch of frames is fetched only after the previous one was sent, so a slow follower
/// never makes the leader buffer frames (the tailer reads from disk when it falls behind the log's memory ring).
public struct ReplicationStreamer: Sendable {
    let wal: WriteAheadLog
    let tailer: WALTailer
    let heartbeat: Duration

    /// Streams from `tailer`; `heartbeat` is the longest silence.
    public init(wal: WriteAheadLog, tailer: WALTailer, heartbeat: Duration) {
        self.wal = wal
        self.tailer = tailer
        self.heartbeat = heartbeat
    }

    private enum Message: Sendable {
        case frames([LogFrame])
        case tick
        case end
    }

    /// Runs until the log closes, `send` fails (the follower went away), or `isStopping` turns true (checked at
    /// every heartbeat: the server is shutting down and must not wait for this endless response).
    /// `sent` hears the last LSN of each batch once it was handed to `send`.
    public func run(
        isStopping: @escaping @Sendable () -> Bool = { false }, sent: (UInt64) -> Void = { _ in },
        _ send: ([UInt8]) async throws -> Void
    ) async throws {
        let (messages, output) = AsyncThrowingStream.makeStream(of: Message.self)
        let (permits, permit) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for await _ in permits {
                        guard let frames = try await tailer.nextFrames() else { break }
                        output.yield(.frames(frames))
                    }
                    output.yield(.end)
                } catch {
                    output.finish(throwing: error)
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: heartbeat)
                    output.yield(.tick)
                }
            }
            defer {
                permit.finish()
                group.cancelAll()
            }
            permit.yield(())
            for try await message in messages {
                switch message {
                case .frames(let frames):
                    var bytes: [UInt8] = []
                    for frame in frames { bytes += ReplicationWire.frameMessage(frame.bytes) }
                    try await send(bytes + progress())
                    if let last = frames.last { sent(last.header.firstLSN + UInt64(last.header.recordCount) - 1) }
                    permit.yield(())
                case .tick:
                    if isStopping() { return }
                    try await send(progress())
                case .end:
                    return
                }
            }
        }
    }

    private func progress() -> [UInt8] {
        ReplicationWire.heartbeatMessage(leaderLSN: wal.durableLSN, leaderMillis: wal.lastFrameTimestampMillis ?? 0)
    }
}
