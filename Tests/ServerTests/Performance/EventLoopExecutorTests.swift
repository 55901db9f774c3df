import Foundation
import Testing

/// `--connection-executor event-loop`: connections whose tasks run on their event loop serve the same answers.
@Suite("Connections on their event loop")
struct EventLoopExecutorTests {
    @Test("concurrent bookings over real HTTP: one wins each slot, the rest collide, /health answers")
    func concurrentBookings() async throws {
        let server = try await TestServer.start { $0.pinsConnectionsToEventLoops = true }
        do {
            let salon = try await APISalon.make(server)
            let times = ["10:00", "11:00", "12:00", "13:00"]
            let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for attempt in 0..<24 {
                    let time = times[attempt % times.count]
                    group.addTask { (time, try await salon.call("POST", "/bookings", salon.bookingBody(time)).status) }
                }
                return try await group.reduce(into: [String: [Int]]()) { $0[$1.0, default: []].append($1.1) }
            }
            for time in times {
                #expect(statuses[time]?.sorted() == [201] + Array(repeating: 409, count: 5), "\(time): \(statuses)")
            }
            #expect(try await server.call("GET", "/health").status == 200)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
