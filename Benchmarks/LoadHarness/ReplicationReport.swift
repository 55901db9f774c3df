/// The replication lag probe's figures (see ``LagProber``).
struct LagProbeReport: Codable, Sendable {
    let followerURL: String
    let sampleEvery: Int
    let probes: Int
    /// Leader's write answer → follower's answer to a read waiting for that LSN (one loopback GET included).
    let lagMilliseconds: LatencySummary
    /// The same GET without waiting, sent at the same moment: its own cost under the same load.
    let controlMilliseconds: LatencySummary
    /// 503 `replica_lagging`: not applied within the follower's wait limit.
    let lagging: Int
    let errors: Int
    let skipped: Int

    init(followerURL: String, sampleEvery: Int, _ stats: LagStats) {
        self.followerURL = followerURL
        self.sampleEvery = sampleEvery
        probes = stats.probes
        lagMilliseconds = LatencySummary(stats.lagMicroseconds)
        controlMilliseconds = LatencySummary(stats.controlMicroseconds)
        lagging = stats.lagging
        errors = stats.errors
        skipped = stats.skipped
    }
}

/// How many measured reads one read target served.
struct ReadTargetReport: Codable, Sendable {
    let url: String
    let requests: Int
    let throughputPerSecond: Double
}
