import Core

/// The settings of one server process, with a default for every field.
public struct ServerConfiguration: Sendable {
    /// The data folder (log and snapshots); created if missing.
    public var dataDirectory: String
    /// The address to listen on.
    public var host: String
    /// The port to listen on (0 picks a free one).
    public var port: Int
    /// Load the demo merchant on start if it is not there yet.
    public var loadsDemo: Bool
    /// The clock commands are stamped with (tests substitute a settable one).
    public var clock: @Sendable () -> Instant = WallClock.now
    /// The SHA-256 digest of the admin token (the token itself is never kept).
    public var adminTokenDigest: [UInt8] = []
    /// How to reach LINE, and the key that seals channel secrets.
    public var line = LineConfiguration()
    /// The customer booking pages: session key, demo sign-in, LINE Login and LIFF SDK locations.
    public var web = WebConfiguration()
    /// Idle and request-read timeouts, and the connection limit.
    public var connections = ConnectionLimits()
    /// Run each connection's task on its socket's event loop (`EventLoopPinnedChannel`) instead of the cooperative
    /// pool: an experiment, off by default (see BENCHMARKS.md, issue 16).
    public var pinsConnectionsToEventLoops = false

    /// Creates a configuration.
    public init(dataDirectory: String = "./data", host: String = "127.0.0.1", port: Int = 8080, loadsDemo: Bool = false)
    {
        self.dataDirectory = dataDirectory
        self.host = host
        self.port = port
        self.loadsDemo = loadsDemo
    }

    /// The SHA-256 digest of the replication token, when it differs from the admin token.
    public var replicationTokenDigest: [UInt8] = []

    /// Sets the replication token (`NAILBOOK_REPLICATION_TOKEN`), keeping only its digest.
    public mutating func setReplicationToken(_ token: String) { replicationTokenDigest = TokenDigest.of(token) }

    /// Sets the admin token, keeping only its digest.
    public mutating func setAdminToken(_ token: String) { adminTokenDigest = TokenDigest.of(token) }

    /// The SHA-256 digest of the token `/metrics` requires; empty leaves `/metrics` open.
    public var metricsTokenDigest: [UInt8] = []

    /// Sets the metrics token (`NAILBOOK_METRICS_TOKEN`), keeping only its digest.
    public mutating func setMetricsToken(_ token: String) { metricsTokenDigest = TokenDigest.of(token) }

    /// The version reported by `/health`.
    public static let version = "0.1.0"
}
