import Foundation

#if canImport(Glibc)
    import Glibc

    private let systemSend = Glibc.send
#elseif canImport(Darwin)
    import Darwin

    private let systemSend = Darwin.send
#endif

/// A plain TCP connection to a loopback port that sends bytes exactly as given: HTTP clients normalise request
/// paths (`/./`, `//`) and always finish bodies, and the tests need requests they would not send. Blocking I/O on a
/// thread of its own, with a receive timeout.
public final class RawHTTPConnection: Sendable {
    private let descriptor: Int32

    /// Connects to `127.0.0.1:port`; reads give up after `timeout` seconds without data.
    public init(port: Int, timeout: Double = 10) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw TestFailure("connect: \(errno)")
        }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: .init((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Sends every byte of `bytes`.
    public func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                systemSend(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw TestFailure("send: \(errno)") }
            sent += count
        }
    }

    /// Sends `text` as UTF-8.
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads what arrives until the peer closes, `bytesMax` bytes came, or the receive timeout passes; returns the
    /// bytes and whether the peer closed the connection.
    public func receive(bytesMax: Int = 1 << 20) async -> (bytes: [UInt8], closed: Bool) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                var received: [UInt8] = []
                var closed = false
                var buffer = [UInt8](repeating: 0, count: 16_384)
                while received.count < bytesMax {
                    let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                    if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                        closed = true
                        break
                    }
                    if count < 0 { break }
                    received += buffer[0..<count]
                    if Self.completeResponse(received) { break }
                }
                continuation.resume(returning: (received, closed))
            }
        }
    }

    /// Reads everything until the peer closes or the receive timeout passes (pipelined answers, say); returns the
    /// bytes and whether the peer closed the connection.
    public func receiveAll(bytesMax: Int = 64 << 20) async -> (bytes: [UInt8], closed: Bool) {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                var received: [UInt8] = []
                var closed = false
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while received.count < bytesMax {
                    let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                    if count > 0 {
                        received += buffer[0..<count]
                        continue
                    }
                    closed = count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                    if count < 0 && errno == EINTR { continue }
                    break
                }
                continuation.resume(returning: (received, closed))
            }
        }
    }

    /// One request with `Connection: close`; returns the status (0 when none came) and the body as text.
    public static func exchange(
        port: Int, method: String, target: String, headers: [String: String] = [:], body: String = ""
    ) async throws -> (status: Int, body: String) {
        let connection = try RawHTTPConnection(port: port)
        var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Content-Length: \(body.utf8.count)\r\n\r\n" + body
        try connection.send(request)
        let (bytes, _) = await connection.receive()
        let text = String(decoding: bytes, as: UTF8.self)
        let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        let responseBody = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, responseBody)
    }

    /// Whether `bytes` hold a whole response with a `Content-Length` body.
    static func completeResponse(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<end.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return text.utf8.count - text.utf8.distance(from: text.utf8.startIndex, to: end.upperBound) >= length
    }
}
