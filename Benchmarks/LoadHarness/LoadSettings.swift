import NIOCore

/// Everything a run is asked to do, checked once.
struct LoadSettings: Sendable {
    var baseURL: String
    var adminToken: String?
    var shape: WorldShape
    var durationSeconds: Double
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
        if !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) { return "--url must start with http://" }
        if mix.needsWorld && (adminToken ?? "").isEmpty {
            return "--admin-token (or NAILBOOK_ADMIN_TOKEN) is needed to set up the world"
        }
        if !(durationSeconds > 0 && durationSeconds <= 3600) { return "--duration must be in (0, 3600]" }
        if !(warmupSeconds >= 0 && warmupSeconds <= 600) { return "--warmup must be in [0, 600]" }
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

    /// The request timeout.
    var timeout: TimeAmount { .nanoseconds(Int64(timeoutSeconds * 1e9)) }
}
