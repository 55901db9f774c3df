import Foundation
import ProcessTestSupport
import Testing

/// A leader that takes the fence's connection but never answers may be fenced or may still take writes: the
/// follower must not promote past it.
@Suite("Unanswered fence", .serialized)
struct UnansweredFenceTests {
    @Test("a leader that never answers the fence: the promotion gives up (504 fence_unanswered), still a follower")
    func leaderNeverAnswers() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let follower = try await NodeProcess.start(followURL: "http://127.0.0.1:\(silent.port)")
        defer { follower.stop() }
        let started = ContinuousClock.now
        let answer = try await follower.call("POST", "/v1/admin/promote")
        #expect(answer.status == 504 && answer.json?["code"] as? String == "fence_unanswered", "\(answer.status)")
        #expect(ContinuousClock.now - started < .seconds(30))
        let health = try await follower.call("GET", "/health").json
        #expect(health?["role"] as? String == "follower" && health?["epoch"] as? Int == 0, "\(health ?? [:])")
        let write = try await follower.call("POST", "/v1/merchants", body: #"{"name":"x"}"#)
        #expect(write.status == 403 && write.json?["code"] as? String == "read_only_replica")
    }
}

/// A loopback port that accepts connections (the kernel completes them) and never reads or answers.
private struct SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: \(errno)") }
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound, listen(descriptor, 64) == 0 else { throw TestFailure("bind/listen: \(errno)") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
