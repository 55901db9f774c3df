import Prometheus

/// The LINE figures on `/metrics`, under the names the runbook's alerts use.
struct LineMetrics: Sendable {
    let metrics: ServerMetrics

    /// Counts one push outcome: `sent`, `retry`, `failed`, `token_invalid`, `expired` or `cancelled`.
    func push(_ status: String) {
        metrics.registry.makeCounter(
            descriptor: ServerMetrics.descriptor("line_push", "total", "LINE pushes by outcome"),
            labels: [("status", status)]
        ).increment()
    }

    /// Records how long one push request to LINE took.
    func pushDuration(seconds: Double) {
        metrics.registry.makeValueHistogram(
            descriptor: ServerMetrics.descriptor("line_push_duration", "seconds", "Duration of LINE push requests"),
            labels: [],
            buckets: ServerMetrics.requestBuckets
        ).record(seconds)
    }

    /// Counts one webhook event by type (`follow`, `unfollow`, `message`, `postback`, `other`, `duplicate`).
    func webhookEvent(_ type: String) {
        metrics.registry.makeCounter(
            descriptor: ServerMetrics.descriptor("line_webhook_events", "total", "LINE webhook events by type"),
            labels: [("type", type)]
        ).increment()
    }

    /// Counts a webhook request refused for its signature.
    func signatureFailure() {
        metrics.registry.makeCounter(
            descriptor: ServerMetrics.descriptor(
                "line_webhook_signature_failures", "total", "LINE webhook requests with a bad or missing signature"),
            labels: []
        ).increment()
    }

    /// Counts a webhook request for a merchant with no LINE channel (a stale webhook URL, or a probe).
    func webhookWithoutChannel() {
        metrics.registry.makeCounter(
            descriptor: ServerMetrics.descriptor(
                "line_webhook_unknown_channel", "total", "LINE webhook requests for a merchant without a channel"),
            labels: []
        ).increment()
    }

    /// Sets the outbox gauges: pending notifications, merchants past 80 % of their monthly quota, the highest share
    /// of its quota any salon used this month, and channels whose token LINE refuses (no merchant ids: tenants stay
    /// private on `/metrics`).
    func outbox(pending: Int, merchantsNearQuota: Int, quotaUsedRatioMax: Double, channelsTokenInvalid: Int) {
        metrics.gauge(
            "line_quota_used_ratio_max", "", "The highest share of its monthly LINE quota a salon has used",
            quotaUsedRatioMax)
        metrics.gauge(
            "line_channels_token_invalid", "", "Salon channels whose access token LINE refuses (pushes parked)",
            Double(channelsTokenInvalid))
        metrics.gauge("notification_queue_depth", "", "Notifications waiting to be pushed", Double(pending))
        metrics.gauge(
            "line_quota_warning_merchants", "", "Merchants past 80% of their monthly LINE push quota",
            Double(merchantsNearQuota))
    }
}
