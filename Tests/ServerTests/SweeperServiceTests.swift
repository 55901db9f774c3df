import Core
import Foundation
import Logging
import Node
import Server
import Testing
import WAL

/// The sweeper runs as a service of the node: on the leader it logs the removal of expired holds (so the hold
/// leaves the state, and a restart replays the same removal); on a follower it never appends.
@Suite("Sweeper service")
struct SweeperServiceTests {
    /// Runs `service` until `done` holds or `seconds` pass; then stops it.
    func run(_ service: SweeperService, for seconds: Double, until done: @Sendable () -> Bool) async {
        let task = Task { try await service.run() }
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !done() && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        _ = try? await task.value
    }

    @Test("on the leader, an expired hold is swept by a logged record that survives a restart")
    func leaderSweeps() async throws {
        let directory = TestServer.temporaryDirectory()
        try await TestServer.with(directory: directory) { server in
            let salon = try await APISalon.make(server, settings: #""holdMinutes":5"#)
            let hold = try await salon.call(
                "POST", "/holds",
                #"{"serviceId":"\#(salon.serviceID)","staffId":"\#(salon.staffID)","startsAt":"2026-12-01T16:00:00+08:00"}"#
            )
            #expect(hold.status == 201)
            let engine = server.node.engine
            let sweeper = SweeperService(
                engine: engine, isLeader: { true }, clock: { server.clock.now }, interval: .milliseconds(20),
                logger: Logger(label: "test"))
            let lsn = server.node.log.wal.durableLSN
            await run(sweeper, for: 0.3) { false }
            #expect(server.node.log.wal.durableLSN == lsn, "nothing expired yet, so nothing is logged")
            #expect(engine.store.read { $0.ledger.holds.count } == 1)
            server.clock.advance(seconds: 5 * 60)
            await run(sweeper, for: 10) { engine.store.read { $0.ledger.holds.isEmpty } }
            #expect(engine.store.read { $0.ledger.holds.isEmpty })
            #expect(server.node.log.wal.durableLSN == lsn + 1)
            let free = try await salon.call("POST", "/bookings", salon.bookingBody("16:00"))
            #expect(free.status == 201)
        }
        let reopened = try Node.open(dataDirectory: directory)
        #expect(reopened.engine.store.read { $0.ledger.holds.isEmpty })
        await reopened.close()
    }

    @Test("on a follower, the sweeper never appends")
    func followerNeverAppends() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server, settings: #""holdMinutes":5"#)
            let hold = try await salon.call(
                "POST", "/holds",
                #"{"serviceId":"\#(salon.serviceID)","staffId":"\#(salon.staffID)","startsAt":"2026-12-01T16:00:00+08:00"}"#
            )
            #expect(hold.status == 201)
            server.clock.advance(seconds: 5 * 60)
            let lsn = server.node.log.wal.durableLSN
            let sweeper = SweeperService(
                engine: server.node.engine, isLeader: { false }, clock: { server.clock.now },
                interval: .milliseconds(20), logger: Logger(label: "test"))
            await run(sweeper, for: 0.4) { false }
            #expect(server.node.log.wal.durableLSN == lsn)
            #expect(server.node.engine.store.read { $0.ledger.holds.count } == 1)
        }
    }
}
