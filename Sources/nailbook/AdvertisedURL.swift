import Foundation
import Synchronization

/// Where other nodes and clients reach this node: `--advertise-url`, else `http://HOST:PORT` with the port it
/// listens on (known once it listens; `--port 0` picks one), with this machine's host name for a wildcard HOST.
final class AdvertisedURL: Sendable {
    private let explicit: String?
    private let host: String
    private let port = Mutex<Int?>(nil)

    init(explicit: String?, host: String) {
        self.explicit = explicit.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.host = host
    }

    /// The server listens on `port`.
    func listening(port: Int) { self.port.withLock { $0 = port } }

    /// The URL; nil until the server listens (unless given).
    var value: String? {
        if let explicit { return explicit }
        guard let port = port.withLock({ $0 }) else { return nil }
        let name: String
        switch host {
        case "0.0.0.0", "::", "": name = ProcessInfo.processInfo.hostName
        case let address where address.contains(":"): name = "[\(address)]"
        default: name = host
        }
        return "http://\(name):\(port)"
    }
}
