import AsyncHTTPClient
import NIOCore

/// Measures replication lag as a client sees it: for every `sampleEvery`-th write acknowledged by the leader, sends
/// the follower `GET /health` with `X-Nailbook-Min-LSN` set to the write's LSN (the follower answers once it applied
/// it) and records the time from the leader's answer to the follower's. A control GET without the header leaves at
/// the same moment, so that the GET's own cost under the same load can be subtracted.
///
/// Confined to one event loop, like the ``LoopDriver`` that owns it.
final class LagProber {
    private let eventLoop: any EventLoop
    private let client: HTTPClient
    /// The follower's `GET /health`: the control as is, the probe with `X-Nailbook-Min-LSN` added.
    private let followerHealth: HTTPClient.Request
    private let sampleEvery: Int
    private let timeout: TimeAmount
    /// Called on the loop after every answer, so that the owner can finish once nothing is in flight.
    private let answered: () -> Void
    private var writes = 0
    private(set) var stats = LagStats()
    /// Probe and control requests without an answer yet.
    private(set) var inFlight = 0

    /// A larger number of requests in flight skips samples (a follower stuck for seconds must not pile them up).
    static let inFlightMax = 512

    init(
        eventLoop: any EventLoop,
        client: HTTPClient,
        plan: LagProbePlan,
        timeout: TimeAmount,
        answered: @escaping () -> Void
    ) {
        precondition(plan.sampleEvery >= 1, "a sample every 1 or more writes")
        self.eventLoop = eventLoop
        self.client = client
        followerHealth = plan.followerHealth
        sampleEvery = plan.sampleEvery
        self.timeout = timeout
        self.answered = answered
    }

    /// The leader acknowledged a measured write at `answeredAt`; probes it if it is a sample.
    func written(lsn: UInt64?, answeredAt: NIODeadline) {
        eventLoop.preconditionInEventLoop()
        writes += 1
        guard writes % sampleEvery == 0 else { return }
        guard let lsn, inFlight + 2 <= Self.inFlightMax else {
            stats.skipped += 1
            return
        }
        stats.probes += 1
        // The one sent second waits behind the first in the client; alternating keeps that cost off either side.
        if stats.probes % 2 == 0 {
            sendProbe(lsn: lsn, from: answeredAt)
            sendControl(from: answeredAt)
        } else {
            sendControl(from: answeredAt)
            sendProbe(lsn: lsn, from: answeredAt)
        }
    }

    private func sendProbe(lsn: UInt64, from start: NIODeadline) {
        var request = followerHealth
        request.headers.replaceOrAdd(name: "X-Nailbook-Min-LSN", value: String(lsn))
        send(request, from: start) { stats, status, microseconds in
            switch status {
            case 200: _ = stats.lagMicroseconds.record(microseconds)
            case 503: stats.lagging += 1
            default: stats.errors += 1
            }
        }
    }

    private func sendControl(from start: NIODeadline) {
        send(followerHealth, from: start) { stats, status, microseconds in
            if status == 200 { _ = stats.controlMicroseconds.record(microseconds) } else { stats.errors += 1 }
        }
    }

    private func send(
        _ request: HTTPClient.Request,
        from start: NIODeadline,
        record: @escaping (inout LagStats, UInt, UInt64) -> Void
    ) {
        inFlight += 1
        let task = client.execute(
            request: request,
            delegate: AnswerDelegate(keepsBody: false, bodyBytesMax: 0),
            eventLoop: .delegateAndChannel(on: eventLoop),
            deadline: NIODeadline.now() + timeout,
            logger: nil
        )
        task.futureResult.assumeIsolated().whenComplete { answer in
            precondition(self.inFlight > 0, "an answer belongs to a probe in flight")
            self.inFlight -= 1
            let microseconds = UInt64(max(1, (NIODeadline.now() - start).nanoseconds / 1000))
            switch answer {
            case .success(let response):
                record(&self.stats, response.status, min(microseconds, OperationStats.latencyMicrosecondsMax))
            case .failure:
                self.stats.errors += 1
            }
            self.answered()
        }
    }
}

/// What the lag probe asks: the follower's `GET /health`, for one write in `sampleEvery`.
struct LagProbePlan: Sendable {
    let followerHealth: HTTPClient.Request
    let sampleEvery: Int
}
