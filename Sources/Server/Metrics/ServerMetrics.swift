import Core
import Prometheus
import Synchronization

/// The Prometheus figures of one server, under the names the existing dashboards and alert rules use.
public final class ServerMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// The log's latest fsync durations (the admin console's p99).
    let recentFsyncs = RecentDurations()
    /// Every request and booking counts into a metric the registry would look up by name and labels each time (a
    /// string build, hashing and a lock: 3 % of a booking's CPU): the handles are kept here, found by a cheap key.
    private let requestHandles = Mutex<[RequestMetricKey: RequestMetricHandles]>([:])
    private let bookingCounters = Mutex<[BookingMetricKey: Counter]>([:])
    private let bookingDuration: ValueHistogram

    /// The seed's booking latency buckets (0.1 … 2 s) with finer ones down to 0.1 ms for this server.
    static let bookingBuckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0,
    ]
    static let requestBuckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    ]

    /// Creates the registry and the metrics that always exist.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        bookingDuration = registry.makeValueHistogram(
            descriptor: Self.descriptor("booking_creation_duration", "seconds", "Time to create a booking"),
            labels: [], buckets: Self.bookingBuckets)
    }

    /// Counts one booking attempt by outcome: `success`, `overlap_error` (also a full resource), `validation_error` or `error`.
    func bookingAttempt(merchantID: MerchantID, status: String, seconds: Double) {
        let key = BookingMetricKey(merchantID: merchantID, status: status)
        Self.handle(key, in: bookingCounters) {
            registry.makeCounter(
                descriptor: Self.descriptor("booking_created", "total", "Booking creation attempts by outcome"),
                labels: [("merchant_id", merchantID.description), ("status", status)])
        }.increment()
        bookingDuration.record(seconds)
    }

    /// Counts one HTTP request by method, route pattern and status, and records its duration.
    func request(method: String, route: String, status: Int, seconds: Double) {
        let key = RequestMetricKey(method: method, route: route, status: status)
        let handles = Self.handle(key, in: requestHandles) {
            RequestMetricHandles(
                count: registry.makeCounter(
                    descriptor: Self.descriptor("http_requests", "total", "HTTP requests by method, route and status"),
                    labels: [("method", method), ("route", route), ("status", String(status))]),
                duration: registry.makeValueHistogram(
                    descriptor: Self.descriptor("http_request_duration", "seconds", "HTTP request duration"),
                    labels: [("method", method), ("route", route)],
                    buckets: Self.requestBuckets))
        }
        handles.count.increment()
        handles.duration.record(seconds)
    }

    /// The handle kept under `key`, made by `make` (outside the lock) the first time; the registry hands out the
    /// same metric for the same name and labels, so two first callers racing get the same handle.
    private static func handle<Key: Hashable & Sendable, Handle: Sendable>(
        _ key: Key, in handles: borrowing Mutex<[Key: Handle]>, make: () -> Handle
    ) -> Handle {
        if let handle = handles.withLock({ $0[key] }) { return handle }
        let handle = make()
        handles.withLock { $0[key] = handle }
        return handle
    }

    /// Sets a gauge.
    func gauge(_ name: String, _ unit: String, _ help: String, _ value: Double) {
        registry.makeGauge(descriptor: Self.descriptor(name, unit, help)).set(value)
    }

    static func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: unit, helpText: help)
    }

    /// The bucket for a booking outcome.
    static func bookingStatus(for problem: Problem?) -> String {
        guard let problem else { return "success" }
        switch problem.code {
        case "overlap", "resource_unavailable": return "overlap_error"
        case "durability_unavailable", "overloaded", "internal", "shutting_down": return "error"
        default: return "validation_error"
        }
    }
}

extension ServerMetrics {
    /// Records each fsync of the log.
    public var fsyncObserver: @Sendable (Double) -> Void {
        let histogram = registry.makeValueHistogram(
            descriptor: Self.descriptor("wal_fsync_duration", "seconds", "Duration of each log fdatasync"),
            labels: [],
            buckets: Self.requestBuckets
        )
        let recent = recentFsyncs
        return { seconds in
            histogram.record(seconds)
            recent.record(seconds)
        }
    }
}

/// The labels of an HTTP request's metrics.
private struct RequestMetricKey: Hashable {
    var method: String
    var route: String
    var status: Int
}

/// An HTTP request's counter and duration histogram.
private struct RequestMetricHandles {
    var count: Counter
    var duration: ValueHistogram
}

/// The labels of a booking attempt's counter.
private struct BookingMetricKey: Hashable {
    var merchantID: MerchantID
    var status: String
}
