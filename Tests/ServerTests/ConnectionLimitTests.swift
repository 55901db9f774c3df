import Foundation
import ProcessTestSupport
import Testing

@testable import Server

/// Idle connections, stalled request bodies and too many connections are closed, and counted.
@Suite("Connection limits", .serialized)
struct ConnectionLimitTests {
    static func start(_ change: (inout ConnectionLimits) -> Void) async throws -> TestServer {
        try await TestServer.start { configuration in change(&configuration.connections) }
    }

    @Test("a silent connection and a request whose body stalls are closed after their timeouts")
    func timeouts() async throws {
        let server = try await Self.start { limits in
            limits.idleTimeout = .seconds(1)
            limits.requestReadTimeout = .seconds(1)
        }
        let salon = try await APISalon.make(server)
        let idle = try RawHTTPConnection(port: server.port, timeout: 6)
        let stalled = try RawHTTPConnection(port: server.port, timeout: 6)
        try stalled.send(
            "POST \(salon.base)/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(salon.apiKey)\r\n"
                + "Content-Length: 1000\r\n\r\n{\"displayName\":\"Lin\",")
        let started = ContinuousClock.now
        async let idleEnd = idle.receive()
        async let stalledEnd = stalled.receive()
        let (idleResult, stalledResult) = await (idleEnd, stalledEnd)
        #expect(idleResult.closed && idleResult.bytes.isEmpty, "the idle connection stayed open")
        #expect(stalledResult.closed, "the stalled request kept its connection")
        #expect(ContinuousClock.now - started < .seconds(5))
        let metrics = String(decoding: try await server.call("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains(#"http_connections_closed_total{reason="idle"}"#))
        #expect(metrics.contains(#"http_connections_closed_total{reason="request_timeout"} 1"#))
        await server.stop()
    }

    @Test("a connection over the limit is closed at once and counted; below it, requests are served")
    func connectionLimit() async throws {
        let server = try await Self.start { $0.connectionsMax = 2 }
        var held = [try RawHTTPConnection(port: server.port), try RawHTTPConnection(port: server.port)]
        try await Task.sleep(for: .milliseconds(100))
        let extra = try RawHTTPConnection(port: server.port, timeout: 3)
        let started = ContinuousClock.now
        let (bytes, closed) = await extra.receive()
        #expect(closed && bytes.isEmpty && ContinuousClock.now - started < .seconds(2), "not closed at once")
        held.removeAll()
        try await Task.sleep(for: .milliseconds(200))
        let answer = try await RawHTTPConnection.exchange(port: server.port, method: "GET", target: "/metrics")
        #expect(answer.status == 200 && answer.body.contains("http_connections_refused_total 1"), "\(answer.body)")
        await server.stop()
    }

    @Test("a client that pipelines past the limit without reading is disconnected once; within it, all are answered")
    func pipelining() async throws {
        let server = try await Self.start { $0.pipelinedRequestsMax = 8 }
        let request = "GET /openapi.yaml HTTP/1.1\r\nHost: x\r\n\r\n"
        let polite = try RawHTTPConnection(port: server.port, timeout: 5)
        try polite.send(
            String(repeating: request, count: 4) + "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let (answers, _) = await polite.receiveAll()
        #expect(String(decoding: answers, as: UTF8.self).components(separatedBy: "HTTP/1.1 200").count == 6)
        let greedy = try RawHTTPConnection(port: server.port, timeout: 5)
        try greedy.send(String(repeating: request, count: 200))
        let (_, closed) = await greedy.receiveAll()
        #expect(closed, "a client pipelining 200 requests without reading kept its connection")
        let metrics = String(decoding: try await server.call("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains(#"http_connections_closed_total{reason="pipelining"} 1"#), "\(metrics)")
        await server.stop()
    }
}
