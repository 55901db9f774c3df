import WAL

/// The follower's side of the replication protocol, as a pure state machine: it decides, for every event of the
/// connection, what to do next. No I/O and no clock: the transport (``Follower``) performs the actions.
///
/// Safety rules it enforces: a frame is stored only if it continues the log exactly (LSN continuity and the CRC
/// chain) and does not come from an older epoch than one already seen; anything else drops the connection and
/// nothing of it is applied.
public struct FollowerStateMachine: Sendable {
    /// Where the connection is.
    public enum Phase: String, Sendable, Equatable {
        /// Not connected; waiting to (re)connect.
        case disconnected
        /// Asking the leader for frames.
        case connecting
        /// Receiving frames.
        case streaming
        /// Loading the leader's snapshot because the log we need is no longer retained.
        case loadingSnapshot
        /// Promoted or shut down: no more tailing.
        case stopped
    }

    /// What to do next.
    public enum Action: Sendable, Equatable {
        /// Open the stream at this LSN.
        case connect(fromLSN: UInt64)
        /// Store this frame in our own log (fsynced) and apply it; then report ``stored(_:)``.
        case store(VerifiedFrame)
        /// Nothing to do (a frame we already have).
        case ignore
        /// Drop the connection and connect again after this many seconds (before jitter).
        case reconnect(afterSeconds: Double, reason: String)
        /// Download the leader's latest snapshot; then report ``snapshotLoaded(lsn:frameCRC:)``.
        case fetchSnapshot
    }

    /// The connection phase.
    public private(set) var phase = Phase.disconnected
    /// The last LSN in our own log.
    public private(set) var lastLSN: UInt64
    /// The CRC of our last frame header (the next frame must chain to it); nil right after a snapshot.
    public private(set) var lastFrameCRC: UInt32?
    /// The highest epoch seen; frames from a lower epoch are refused.
    public private(set) var epoch: UInt64
    /// How many times the connection was dropped and reopened.
    public private(set) var reconnects = 0
    private var failures = 0

    /// Starts from our own log's end.
    public init(lastLSN: UInt64, lastFrameCRC: UInt32?, epoch: UInt64) {
        self.lastLSN = lastLSN
        self.lastFrameCRC = lastFrameCRC
        self.epoch = epoch
    }

    /// The first action: connect after our last LSN.
    public mutating func start() -> Action {
        precondition(phase == .disconnected, "start from disconnected")
        phase = .connecting
        return .connect(fromLSN: lastLSN + 1)
    }

    /// The leader accepted the stream.
    public mutating func connected() {
        guard phase == .connecting else { return }
        phase = .streaming
        failures = 0
    }

    /// A verified frame arrived.
    public mutating func received(_ frame: VerifiedFrame) -> Action {
        guard phase == .streaming else { return .ignore }
        let header = frame.header
        if header.epoch < epoch {
            return drop("frame of epoch \(header.epoch) after epoch \(epoch): refusing an old leader's history")
        }
        if header.nextLSN - 1 <= lastLSN { return .ignore }
        // Right after a snapshot our log is empty, so the first frame may begin before the snapshot's LSN.
        let startsInside = lastFrameCRC == nil && header.firstLSN <= lastLSN + 1
        if header.firstLSN != lastLSN + 1 && !startsInside {
            return drop("frame starts at LSN \(header.firstLSN), expected \(lastLSN + 1)")
        }
        if let expected = lastFrameCRC, header.previousFrameCRC != expected {
            return drop("frame at LSN \(header.firstLSN) does not chain to the previous frame")
        }
        return .store(frame)
    }

    /// The frame is durable in our log and applied.
    public mutating func stored(_ frame: VerifiedFrame) {
        precondition(
            frame.header.firstLSN == lastLSN + 1 || (lastFrameCRC == nil && frame.header.firstLSN <= lastLSN + 1),
            "stored a frame out of order"
        )
        lastLSN = frame.header.nextLSN - 1
        lastFrameCRC = frame.header.headerCRC
        epoch = max(epoch, frame.header.epoch)
    }

    /// The stream ended or failed (leader restart, network, a bad frame).
    public mutating func streamEnded(_ reason: String) -> Action {
        guard phase != .stopped else { return .ignore }
        return drop(reason)
    }

    /// The leader no longer has the log after our LSN.
    public mutating func lsnNotRetained() -> Action {
        guard phase != .stopped else { return .ignore }
        phase = .loadingSnapshot
        return .fetchSnapshot
    }

    /// Our state was replaced by the leader's snapshot at `lsn`; tail from there.
    public mutating func snapshotLoaded(lsn: UInt64) -> Action {
        guard phase == .loadingSnapshot else { return .ignore }
        lastLSN = lsn
        lastFrameCRC = nil
        phase = .connecting
        return .connect(fromLSN: lsn + 1)
    }

    /// Time to reconnect after a drop.
    public mutating func reconnectDue() -> Action {
        guard phase == .disconnected else { return .ignore }
        phase = .connecting
        return .connect(fromLSN: lastLSN + 1)
    }

    /// Promotion or shutdown: stop tailing for good.
    public mutating func stop() { phase = .stopped }

    private mutating func drop(_ reason: String) -> Action {
        phase = .disconnected
        reconnects += 1
        failures += 1
        let delay = min(0.05 * Double(1 << min(failures, 7)), 5)
        return .reconnect(afterSeconds: delay, reason: reason)
    }
}
