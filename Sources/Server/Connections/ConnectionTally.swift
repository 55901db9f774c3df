import Prometheus
import Synchronization

/// The open connections of one server, shared by every connection's ``ConnectionGuard``, and the metrics:
/// `http_connections_open`, `http_connections_refused_total` (closed at once: over the limit) and
/// `http_connections_closed_total{reason}` (`idle`, `request_timeout`, `pipelining`).
final class ConnectionTally: Sendable {
    let limits: ConnectionLimits
    private let open = Atomic<Int>(0)
    private let openGauge: Prometheus.Gauge
    private let refused: Prometheus.Counter
    private let closedIdle: Prometheus.Counter
    private let closedRequestTimeout: Prometheus.Counter
    private let closedPipelining: Prometheus.Counter

    init(limits: ConnectionLimits, metrics: ServerMetrics) {
        self.limits = limits
        let registry = metrics.registry
        openGauge = registry.makeGauge(
            descriptor: ServerMetrics.descriptor("http_connections_open", "", "Client connections open now"))
        refused = registry.makeCounter(
            descriptor: ServerMetrics.descriptor(
                "http_connections_refused", "total", "Connections closed at once because the limit was reached"))
        let closed = ServerMetrics.descriptor(
            "http_connections_closed", "total", "Connections the server closed: idle, or a request too slow to arrive")
        closedIdle = registry.makeCounter(descriptor: closed, labels: [("reason", "idle")])
        closedRequestTimeout = registry.makeCounter(descriptor: closed, labels: [("reason", "request_timeout")])
        closedPipelining = registry.makeCounter(descriptor: closed, labels: [("reason", "pipelining")])
    }

    /// Counts a new connection; false (and counted as refused) when the limit is reached.
    func admit() -> Bool {
        let count = open.wrappingAdd(1, ordering: .relaxed).newValue
        guard count <= limits.connectionsMax else {
            open.wrappingSubtract(1, ordering: .relaxed)
            refused.increment()
            return false
        }
        openGauge.set(Double(count))
        return true
    }

    /// Counts a closed connection that was admitted.
    func release() {
        let count = open.wrappingSubtract(1, ordering: .relaxed).newValue
        precondition(count >= 0, "more connections released than admitted")
        openGauge.set(Double(count))
    }

    /// Counts a connection closed for being idle.
    func closedForIdleness() { closedIdle.increment() }

    /// Counts a connection closed because a request did not arrive in time.
    func closedForSlowRequest() { closedRequestTimeout.increment() }

    /// Counts a connection closed for pipelining more requests than allowed without reading the answers.
    func closedForPipelining() { closedPipelining.increment() }
}
