import Foundation
import ProcessTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Promotion with real processes: serialised, never a crash, and ids that continue past the old leader's.
@Suite("Promotion", .serialized)
struct PromotionTests {
    /// A loopback port that was free a moment ago.
    static func freePort() throws -> Int {
        let listener = try FreePortProbe()
        return listener.port
    }

    @Test("five concurrent promotions: one answers 200, the others 409, the node lives and takes writes")
    func concurrentPromotions() async throws {
        let leader = try await NodeProcess.start()
        let follower = try await NodeProcess.start(follow: leader)
        defer { for node in [leader, follower] { node.stop() } }
        let merchant = try await leader.call("POST", "/v1/merchants", body: #"{"name":"Promoted salon"}"#)
        let merchantID = try #require(merchant.json?["id"] as? String)
        try await follower.waitFor(lsn: try await leader.state().lsn)
        leader.stop()
        let answers = try await withThrowingTaskGroup(of: NodeProcess.Answer.self) { group in
            for _ in 0..<5 { group.addTask { try await follower.call("POST", "/v1/admin/promote") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let statuses = answers.map(\.status).sorted()
        #expect(statuses == [200, 409, 409, 409, 409], "\(statuses)")
        #expect(answers.first { $0.status == 200 }?.json?["epoch"] as? Int == 1)
        #expect(answers.filter { $0.status == 409 }.allSatisfy { $0.json?["code"] as? String == "not_a_follower" })
        #expect(follower.process.isRunning, "the follower crashed")
        let customer = try await follower.call(
            "POST", "/v1/merchants/\(merchantID)/customers", body: #"{"displayName":"After"}"#)
        #expect(customer.status == 201)
        let health = try await follower.call("GET", "/health").json
        #expect(health?["role"] as? String == "leader" && health?["status"] as? String == "ok")
    }

    @Test("a promoted follower that started before its leader makes ids above every id the leader made")
    func idsContinuePastTheOldLeader() async throws {
        let port = try Self.freePort()
        // The follower opens its data first, so its id generator starts below the leader's.
        let follower = try await NodeProcess.start(followURL: "http://127.0.0.1:\(port)")
        try await Task.sleep(for: .milliseconds(50))
        let leader = try await NodeProcess.start(port: port)
        defer { for node in [leader, follower] { node.stop() } }
        let merchant = try await leader.call("POST", "/v1/merchants", body: #"{"name":"Id salon"}"#)
        let merchantID = try #require(merchant.json?["id"] as? String)
        let old = try await leader.call(
            "POST", "/v1/merchants/\(merchantID)/customers", body: #"{"displayName":"Before"}"#)
        let oldID = try #require(old.json?["id"] as? String)
        try await follower.waitFor(lsn: try await leader.state().lsn)
        leader.stop()
        #expect(try await follower.call("POST", "/v1/admin/promote").status == 200)
        let new = try await follower.call(
            "POST", "/v1/merchants/\(merchantID)/customers", body: #"{"displayName":"After"}"#)
        let newID = try #require(new.json?["id"] as? String)
        // Crockford base-32 digits sort as ASCII, and every id has 13 of them.
        #expect(newID.dropFirst(4) > oldID.dropFirst(4), "\(newID) is not above \(oldID)")
        #expect(newID.dropFirst(4) > merchantID.dropFirst(4), "\(newID) is not above \(merchantID)")
    }
}

/// Binds a loopback port chosen by the system, then releases it.
private struct FreePortProbe {
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw TestFailure("bind: \(errno)") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }
}
