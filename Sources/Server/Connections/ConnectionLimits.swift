/// Limits on client connections, with defaults for a node behind a load balancer.
public struct ConnectionLimits: Sendable, Equatable {
    /// A connection with no request in progress (keep-alive, or open and silent) is closed after this long.
    public var idleTimeout: Duration = .seconds(60)
    /// A request's head and whole body must arrive within this long of its first part, else the connection is
    /// closed (a client that declares 1,000 bytes and sends 23 does not hold a connection forever).
    public var requestReadTimeout: Duration = .seconds(30)
    /// At most this many connections are open at once; a connection beyond it is closed as soon as it is accepted.
    /// Keep it well under the process's file-descriptor limit (`ulimit -n`), which the log and snapshots share.
    public var connectionsMax = 2_000

    /// At most this many requests may wait for their answers on one connection (HTTP/1.1 pipelining); a client
    /// that sends more without reading the answers is disconnected.
    public var pipelinedRequestsMax = 16

    /// The defaults.
    public init() {}

    /// Whether every limit is usable; else what is wrong.
    public func validate() -> String? {
        if idleTimeout <= .zero { return "the idle timeout must be above 0" }
        if requestReadTimeout <= .zero { return "the request read timeout must be above 0" }
        if connectionsMax < 1 { return "the connection limit must be at least 1" }
        if pipelinedRequestsMax < 1 { return "the pipelined request limit must be at least 1" }
        return nil
    }
}
