import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP proxy on loopback that flips one bit of what the upstream server sends on the first connection, at a
/// given byte: a damaged network path between a follower and its leader. Later connections pass through intact.
public final class CorruptingProxy: Sendable {
    /// The port to connect to.
    public let port: Int
    private let upstreamPort: Int
    private let corruptAt: Int
    private let listener: Int32
    /// Whether the bit was flipped, and how many connections were accepted.
    private let state = Mutex<(flipped: Bool, connections: Int)>((false, 0))

    /// Listens on a free loopback port; the first connection's downstream byte number `byte` is damaged.
    public init(upstreamPort: Int, corruptingByte byte: Int) throws {
        self.upstreamPort = upstreamPort
        corruptAt = byte
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: \(errno)") }
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw TestFailure("bind/listen: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Whether a byte was damaged so far.
    public var flipped: Bool { state.withLock { $0.flipped } }

    /// Stops accepting connections (open ones run on until either side closes).
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: UInt16(upstreamPort))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(client)
                close(upstream)
                continue
            }
            let first = state.withLock { state in
                state.connections += 1
                return state.connections == 1
            }
            let finished = Mutex(0)
            let done: @Sendable () -> Void = {
                // The second pump to finish closes both sockets, so neither pump touches a closed descriptor.
                if finished.withLock({ count in
                    count += 1
                    return count == 2
                }) {
                    close(client)
                    close(upstream)
                }
            }
            Thread.detachNewThread { [self] in
                pump(from: client, to: upstream, corrupting: false)
                done()
            }
            Thread.detachNewThread { [self] in
                pump(from: upstream, to: client, corrupting: first)
                done()
            }
        }
    }

    /// Copies bytes until end of file, flipping the low bit of byte `corruptAt` when asked; then shuts both down.
    private func pump(from source: Int32, to target: Int32, corrupting: Bool) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var passed = 0
        while true {
            let count = read(source, &buffer, buffer.count)
            guard count > 0 else { break }
            if corrupting, passed <= corruptAt, corruptAt < passed + count {
                buffer[corruptAt - passed] ^= 0x01
                state.withLock { $0.flipped = true }
            }
            passed += count
            var written = 0
            while written < count {
                let result = buffer[written..<count].withUnsafeBytes { write(target, $0.baseAddress, $0.count) }
                guard result > 0 else { break }
                written += result
            }
            guard written == count else { break }
        }
        shutdown(target, Int32(SHUT_RDWR))
        shutdown(source, Int32(SHUT_RDWR))
    }
}
