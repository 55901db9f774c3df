import Testing
import WAL

@testable import Replication

/// Frames of a small log: `count` frames of 3 records each, chained, from LSN 1.
func makeFrames(count: Int, epoch: UInt64 = 1, startLSN: UInt64 = 1, previousCRC: UInt32 = 0) -> [VerifiedFrame] {
    var frames: [VerifiedFrame] = []
    var previous = previousCRC
    var lsn = startLSN
    for index in 0..<count {
        let records = (0..<3).map { Array("record \(index)-\($0)".utf8) }
        let (bytes, header) = FrameEncoder.encode(
            records: records,
            firstLSN: lsn,
            epoch: epoch,
            timestampMillis: 1_000 + Int64(index),
            previousFrameCRC: previous,
            compression: index % 2 == 0
        )
        let decoded = try! bytes.withUnsafeBytes { try FrameDecoder.decode($0, expectedPreviousCRC: previous) }
        frames.append(VerifiedFrame(header: header, records: decoded.records, bytes: bytes))
        previous = header.headerCRC
        lsn = header.nextLSN
    }
    return frames
}

@Suite("Follower state machine")
struct FollowerStateMachineTests {
    func streaming(after frames: [VerifiedFrame] = []) -> FollowerStateMachine {
        var machine = FollowerStateMachine(lastLSN: 0, lastFrameCRC: 0, epoch: 1)
        #expect(machine.start() == .connect(fromLSN: 1))
        machine.connected()
        for frame in frames {
            #expect(machine.received(frame) == .store(frame))
            machine.stored(frame)
        }
        return machine
    }

    @Test("frames that continue the log are stored in order; LSN and chain advance")
    func storesInOrder() {
        let frames = makeFrames(count: 4)
        let machine = streaming(after: frames)
        #expect(machine.lastLSN == 12 && machine.lastFrameCRC == frames[3].header.headerCRC)
        #expect(machine.phase == .streaming)
    }

    @Test("a gap, a broken chain, or an older epoch drops the connection; a repeat is ignored")
    func refusals() {
        let frames = makeFrames(count: 4)
        var gap = streaming(after: [frames[0]])
        guard case .reconnect(_, let reason) = gap.received(frames[2]) else {
            Issue.record("gap accepted")
            return
        }
        #expect(reason.contains("expected 4") && gap.phase == .disconnected && gap.lastLSN == 3)

        let forged = makeFrames(count: 2, startLSN: 4, previousCRC: 12_345)[0]
        var chain = streaming(after: [frames[0]])
        guard case .reconnect(_, let chainReason) = chain.received(forged) else {
            Issue.record("chain")
            return
        }
        #expect(chainReason.contains("chain"))

        var epochs = FollowerStateMachine(lastLSN: 0, lastFrameCRC: 0, epoch: 3)
        _ = epochs.start()
        epochs.connected()
        guard case .reconnect(_, let epochReason) = epochs.received(frames[0]) else {
            Issue.record("epoch")
            return
        }
        #expect(epochReason.contains("old leader"))

        var repeated = streaming(after: [frames[0], frames[1]])
        #expect(repeated.received(frames[1]) == .ignore && repeated.lastLSN == 6)
    }

    @Test("reconnects back off and resume after the last stored LSN")
    func reconnects() {
        var machine = streaming(after: makeFrames(count: 1))
        var delays: [Double] = []
        for _ in 0..<10 {
            guard case .reconnect(let delay, _) = machine.streamEnded("leader went away") else { return }
            delays.append(delay)
            #expect(machine.reconnectDue() == .connect(fromLSN: 4))
        }
        #expect(delays == delays.sorted() && delays.last == 5 && machine.reconnects == 10)
        machine.connected()
        guard case .reconnect(let reset, _) = machine.streamEnded("again") else { return }
        #expect(reset == delays[0])
    }

    @Test("an LSN the leader no longer keeps leads to the snapshot, then tailing from it")
    func snapshotPath() {
        var machine = streaming()
        #expect(machine.lsnNotRetained() == .fetchSnapshot && machine.phase == .loadingSnapshot)
        #expect(machine.snapshotLoaded(lsn: 500) == .connect(fromLSN: 501))
        machine.connected()
        let frames = makeFrames(count: 2, startLSN: 499, previousCRC: 77)  // the first straddles the snapshot
        #expect(machine.received(frames[0]) == .store(frames[0]))
        machine.stored(frames[0])
        #expect(machine.lastLSN == 501 && machine.received(frames[1]) == .store(frames[1]))
        let unchained = makeFrames(count: 1, startLSN: 502, previousCRC: 1)[0]
        #expect(machine.received(unchained) != .store(unchained))
    }

    @Test("after stop nothing is done")
    func stopped() {
        var machine = streaming()
        machine.stop()
        #expect(machine.streamEnded("x") == .ignore && machine.lsnNotRetained() == .ignore)
        #expect(machine.received(makeFrames(count: 1)[0]) == .ignore)
    }
}

@Suite("Replication stream parser")
struct ReplicationStreamParserTests {
    @Test("frames and heartbeats split at every byte boundary come out whole and verified")
    func splitEverywhere() throws {
        let frames = makeFrames(count: 3)
        let expected: [StreamMessage] = [
            .frame(frames[0]), .heartbeat(leaderLSN: 3, leaderMillis: -5), .frame(frames[1]), .frame(frames[2]),
            .heartbeat(leaderLSN: 9, leaderMillis: 1_800_000_000_000),
        ]
        let stream = expected.flatMap { message -> [UInt8] in
            switch message {
            case .frame(let frame): return ReplicationWire.frameMessage(frame.bytes)
            case .heartbeat(let lsn, let millis):
                return ReplicationWire.heartbeatMessage(leaderLSN: lsn, leaderMillis: millis)
            }
        }
        for cut in 1..<stream.count {
            var parser = ReplicationStreamParser()
            var out: [StreamMessage] = []
            parser.append(stream[..<cut])
            while let message = try parser.nextMessage() { out.append(message) }
            parser.append(stream[cut...])
            while let message = try parser.nextMessage() { out.append(message) }
            #expect(out == expected, "cut at \(cut)")
            #expect(parser.pendingBytes == 0)
        }
    }

    @Test("a flipped bit anywhere in a frame or heartbeat is refused")
    func corruption() {
        let frame = ReplicationWire.frameMessage(makeFrames(count: 1)[0].bytes)
        let heartbeat = ReplicationWire.heartbeatMessage(leaderLSN: 42, leaderMillis: 7)
        for message in [frame, heartbeat] {
            for bit in 0..<(message.count * 8) {
                var bytes = message
                bytes[bit / 8] ^= 1 << UInt8(bit % 8)
                var parser = ReplicationStreamParser()
                parser.append(bytes)
                #expect(throws: WALFormatError.self, "bit \(bit)") { _ = try parser.nextMessage() }
            }
        }
    }
}
