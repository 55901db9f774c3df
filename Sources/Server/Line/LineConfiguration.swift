import Core

/// How the server talks to LINE: where, how fast, how persistently, and the key that seals channel secrets.
public struct LineConfiguration: Sendable {
    /// LINE's API base URL (`LINE_API_BASE`); tests point it at a fake LINE server.
    public var apiBase = "https://api.line.me"
    /// The base URL customers reach this server at (`NAILBOOK_PUBLIC_URL`), for booking links and the webhook URL.
    public var publicBaseURL = "http://127.0.0.1:8080"
    /// Seals channel secrets and tokens (`NAILBOOK_MASTER_KEY`); without it no channel can be stored.
    var secretBox: SecretBox?
    /// Pushes per second per channel (`NAILBOOK_LINE_RATE_LIMIT`; LINE allows 2,000/s, the old system used 500).
    public var channelPushesPerSecond = 500
    /// Pushes per second over all channels (`NAILBOOK_LINE_GLOBAL_RATE_LIMIT`).
    public var globalPushesPerSecond = 2_000
    /// The limiter's window is this much longer than a second, so that LINE, counting arrivals at its end, never
    /// sees more than the rate in any second even when requests bunch up on the way.
    public var rateWindowMargin: Duration = .milliseconds(100)
    /// The first retry waits about this long; each later one twice as long (with ±20 % jitter).
    public var retryDelayFirst: Duration = .seconds(2)
    /// The longest wait between retries.
    public var retryDelayMax: Duration = .seconds(300)
    /// Each LINE request gives up after this long.
    public var requestTimeout: Duration = .seconds(10)
    /// How often the sender looks for due notifications.
    public var pollInterval: Duration = .milliseconds(20)
    /// Pushes in flight at once.
    public var concurrentPushesMax = 64
    /// Webhook events waiting to be processed; beyond this the webhook answers 503 and LINE redelivers.
    public var webhookQueueMax = 10_000

    /// Creates the defaults.
    public init() {}

    /// Whether channel secrets can be stored.
    public var hasMasterKey: Bool { secretBox != nil }

    /// Reads the settings from the environment; a malformed master key or number is an error that says which.
    public static func fromEnvironment(_ environment: [String: String]) throws -> LineConfiguration {
        var configuration = LineConfiguration()
        if let base = environment["LINE_API_BASE"], !base.isEmpty { configuration.apiBase = base }
        if let url = environment["NAILBOOK_PUBLIC_URL"], !url.isEmpty { configuration.publicBaseURL = url }
        if let key = environment["NAILBOOK_MASTER_KEY"], !key.isEmpty { try configuration.setMasterKey(key) }
        for (name, path) in [
            ("NAILBOOK_LINE_RATE_LIMIT", \LineConfiguration.channelPushesPerSecond),
            ("NAILBOOK_LINE_GLOBAL_RATE_LIMIT", \LineConfiguration.globalPushesPerSecond),
        ] {
            guard let text = environment[name] else { continue }
            guard let value = Int(text), (1...100_000).contains(value) else {
                throw LineConfigurationError(description: "\(name) must be a whole number from 1 to 100000")
            }
            configuration[keyPath: path] = value
        }
        return configuration
    }

    /// Sets the master key (32 random bytes, base64).
    public mutating func setMasterKey(_ base64: String) throws {
        do {
            secretBox = try SecretBox(masterKeyBase64: base64)
        } catch {
            throw LineConfigurationError(description: "NAILBOOK_MASTER_KEY: \(error)")
        }
    }

    /// The booking link of a merchant: its LIFF app when it has one, else this server's booking page.
    func bookingURL(merchantID: MerchantID, liffID: String?) -> String {
        if let liffID { return "https://liff.line.me/\(liffID)" }
        return "\(publicBaseURL)/book/\(merchantID)"
    }

    /// The webhook URL to enter in the LINE Developers console.
    func webhookURL(merchantID: MerchantID) -> String { "\(publicBaseURL)/line/webhook/\(merchantID)" }
}

/// A LINE setting that cannot be used.
public struct LineConfigurationError: Error, CustomStringConvertible {
    /// What is wrong (never the value of a secret).
    public var description: String
}
