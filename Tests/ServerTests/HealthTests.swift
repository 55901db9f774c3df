import Core
import Foundation
import Hummingbird
import Logging
import Server
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("Health over real HTTP")
struct HealthTests {
    @Test("GET /health answers ok with the applied LSN, on a real loopback socket")
    func health() async throws {
        let (engine, _) = BookingEngine.inMemory()
        _ = try await DemoSalon.load(into: engine, now: Instant(secondsSinceEpoch: 1_800_000_000))
        let configuration = ServerConfiguration(dataDirectory: NSTemporaryDirectory(), port: 0)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(configuration: configuration, engine: engine, logger: Logger(label: "test")) {
            port in
            continuation.yield(port)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let url = URL(string: "http://127.0.0.1:\(port)/health")!
            let (data, response) = try await URLSession.shared.data(from: url)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let body = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(body?["status"] as? String == "ok")
            #expect(body?["role"] as? String == "leader")
            #expect(body?["appliedLsn"] as? Int == Int(engine.store.read { $0.appliedLSN }))
            #expect(body?["merchants"] as? Int == 1)
            group.cancelAll()
        }
    }
}
