import NIOCore

/// Everything a run is asked to do, checked once.
struct LoadSettings: Sendable {
    /// Writes (and reads, unless `readURLs` says otherwise) go here.
    var baseURL: String
    /// Where reads go, spread by fewest requests in flight.
    var readURLs: [String]
    /// A follower of `baseURL` to probe for replication lag after sampled writes.
    var followerURL: String?
    /// Probe one write in this many.
    var lagSampleEvery: Int
    var adminToken: String?
    var shape: WorldShape
    var durationSeconds: Double
    /// Closed-loop creations before the run, not measured (reads then find bookings).
    var fillSeconds: Double
    var warmupSeconds: Double
    var connections: Int
    /// Open loop when set.
    var requestsPerSecond: Double?
    var mix: Mix
    var slo: SLOTarget
    var seed: UInt64
    var clientThreads: Int
    var timeoutSeconds: Double
    var dayCount: Int
    var label: String?

    var pacing: Pacing { requestsPerSecond.map { .open(requestsPerSecond: $0) } ?? .closed }

    /// Why the settings cannot be run, if they cannot.
    var problem: String? {
        for url in [baseURL] + readURLs + (followerURL.map { [$0] } ?? []) {
            if !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                return "\(url): URLs must start with http://"
            }
        }
        if readURLs.isEmpty || readURLs.count > 16 { return "--read-url: 1 to 16 of them" }
        if !(1...1_000_000).contains(lagSampleEvery) { return "--lag-sample-every must be in 1...1000000" }
        if followerURL != nil && mix.weight(.create) == 0 { return "--follower needs creations in the mix" }
        if mix.needsWorld && (adminToken ?? "").isEmpty {
            return "--admin-token (or NAILBOOK_ADMIN_TOKEN) is needed to set up the world"
        }
        if !(durationSeconds > 0 && durationSeconds <= 3600) { return "--duration must be in (0, 3600]" }
        if !(warmupSeconds >= 0 && warmupSeconds <= 600) { return "--warmup must be in [0, 600]" }
        if !(fillSeconds >= 0 && fillSeconds <= 600) { return "--fill-seconds must be in [0, 600]" }
        if fillSeconds > 0 && !mix.needsWorld { return "--fill-seconds needs a mix with the world" }
        if !(1...10_000).contains(connections) { return "--connections must be in 1...10000" }
        if let rate = requestsPerSecond, !(rate > 0 && rate <= 1_000_000) { return "--rate must be in (0, 1000000]" }
        if !(1...64).contains(clientThreads) { return "--client-threads must be in 1...64" }
        if clientThreads > connections { return "--client-threads must not exceed --connections" }
        if !(timeoutSeconds > 0 && timeoutSeconds <= 120) { return "--timeout must be in (0, 120]" }
        if !(1...365).contains(dayCount) { return "--days must be in 1...365" }
        if !(1...10_000).contains(shape.merchants) { return "--merchants must be in 1...10000" }
        if !(1...1000).contains(shape.staffPerMerchant) { return "--staff must be in 1...1000" }
        if !(1...1000).contains(shape.customersPerMerchant) { return "--customers must be in 1...1000" }
        return nil
    }

    /// The read URLs other than the leader's: replicas that must catch up with the world before the run.
    var replicaURLs: [String] {
        var urls: [String] = []
        for url in readURLs + (followerURL.map { [$0] } ?? []) where url != baseURL && !urls.contains(url) {
            urls.append(url)
        }
        return urls
    }

    /// The request timeout.
    var timeout: TimeAmount { .nanoseconds(Int64(timeoutSeconds * 1e9)) }
}
