import Histogram

/// How one request ended.
enum Outcome: Sendable {
    /// 2xx.
    case succeeded
    /// 409: the business said no (a slot taken); not an error.
    case rejected
    /// Another 4xx: the harness asked for something wrong; reported, not counted as a server error.
    case unexpected
    /// 5xx.
    case serverError
    /// No answer within the request timeout.
    case timeout
    /// The connection failed.
    case transportError

    /// The outcome of an answer's status code.
    init(status: UInt) {
        switch status {
        case 200..<300: self = .succeeded
        case 409: self = .rejected
        case 500..<600: self = .serverError
        default: self = .unexpected
        }
    }

    /// Whether the request had an answer (and so a latency).
    var answered: Bool {
        switch self {
        case .succeeded, .rejected, .unexpected, .serverError: true
        case .timeout, .transportError: false
        }
    }
}

/// The counts and latencies of one operation, on one event loop or merged.
struct OperationStats: Sendable {
    /// Latency of answered requests in microseconds, from the intended send time.
    var latencyMicroseconds: Histogram<UInt64>
    var succeeded = 0
    var rejected = 0
    var unexpected = 0
    var serverErrors = 0
    var timeouts = 0
    var transportErrors = 0
    /// The first unexpected status seen, to say what went wrong.
    var firstUnexpectedStatus: UInt?

    /// The largest latency recorded exactly; larger ones are clamped (and are timeouts in practice).
    static let latencyMicrosecondsMax: UInt64 = 120_000_000

    init() {
        latencyMicroseconds = Histogram(highestTrackableValue: Self.latencyMicrosecondsMax)
    }

    var requests: Int { succeeded + rejected + unexpected + serverErrors + timeouts + transportErrors }
    var errors: Int { serverErrors + timeouts + transportErrors }

    mutating func record(_ outcome: Outcome, status: UInt?, latencyMicroseconds latency: UInt64) {
        switch outcome {
        case .succeeded: succeeded += 1
        case .rejected: rejected += 1
        case .unexpected:
            unexpected += 1
            if firstUnexpectedStatus == nil { firstUnexpectedStatus = status }
        case .serverError: serverErrors += 1
        case .timeout: timeouts += 1
        case .transportError: transportErrors += 1
        }
        if outcome.answered {
            _ = latencyMicroseconds.record(min(max(latency, 1), Self.latencyMicrosecondsMax))
        }
    }

    mutating func merge(_ other: OperationStats) {
        latencyMicroseconds.add(other.latencyMicroseconds)
        succeeded += other.succeeded
        rejected += other.rejected
        unexpected += other.unexpected
        serverErrors += other.serverErrors
        timeouts += other.timeouts
        transportErrors += other.transportErrors
        firstUnexpectedStatus = firstUnexpectedStatus ?? other.firstUnexpectedStatus
    }
}
