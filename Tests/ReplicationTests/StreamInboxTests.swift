import Testing
import WAL

@testable import Replication

/// The follower's inbox between reading the stream and storing it.
@Suite("Stream inbox")
struct StreamInboxTests {
    static func heartbeat(_ lsn: UInt64) -> StreamMessage { .heartbeat(leaderLSN: lsn, leaderMillis: 0) }

    @Test("what arrives while the storer is busy is taken in one go, in order; then nil once finished")
    func batchesAndFinishes() async {
        let inbox = StreamInbox()
        await inbox.put([Self.heartbeat(1)])
        await inbox.put([Self.heartbeat(2), Self.heartbeat(3)])
        #expect(await inbox.take() == [Self.heartbeat(1), Self.heartbeat(2), Self.heartbeat(3)])
        await inbox.put([Self.heartbeat(4)])
        inbox.finish()
        #expect(await inbox.take() == [Self.heartbeat(4)])
        #expect(await inbox.take() == nil)
    }

    @Test("a storer waiting for messages wakes when they come")
    func takeWaits() async {
        let inbox = StreamInbox()
        async let taken = inbox.take()
        try? await Task.sleep(for: .milliseconds(20))
        await inbox.put([Self.heartbeat(7)])
        #expect(await taken == [Self.heartbeat(7)])
    }

    @Test("a full inbox holds the reader until the storer takes, and finishing releases it")
    func boundedReader() async {
        let inbox = StreamInbox(bytesMax: 1)
        let header = FrameHeader(
            flags: 0, recordCount: 0, epoch: 1, firstLSN: 1, timestampMillis: 0, rawLength: 0, storedLength: 0,
            previousFrameCRC: 0, payloadCRC: 0)
        let frame = StreamMessage.frame(VerifiedFrame(header: header, records: [], bytes: [1, 2]))
        await inbox.put([frame])  // now full
        let second = Task { await inbox.put([frame]) }
        try? await Task.sleep(for: .milliseconds(50))
        #expect(await inbox.take() == [frame])  // makes room
        await second.value
        #expect(await inbox.take() == [frame])
        await inbox.put([frame])
        let third = Task { await inbox.put([frame]) }
        inbox.finish()
        await third.value  // released by finish, not stuck
    }
}
