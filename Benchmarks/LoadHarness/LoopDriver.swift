import AsyncHTTPClient
import Core
import NIOCore

/// Sends one event loop's share of the workload and records what comes back.
///
/// Every member is touched on `eventLoop` only (requests run with `.delegateAndChannel(on:)`, and the callbacks
/// use the loop's isolated views), so a request costs no thread hop and no lock.
final class LoopDriver {
    private let eventLoop: any EventLoop
    private let client: HTTPClient
    /// Writes go to the first; reads to the read target with the fewest requests in flight.
    private let factory: RequestFactory
    private let readFactories: [RequestFactory]
    private var readsInFlight: [Int]
    private var prober: LagProber?
    private let plan: LoopPlan
    private let live: LiveCounters
    private let promise: EventLoopPromise<LoopResult>
    private var random: SplitMix64
    private var result = LoopResult()
    private var inFlight = 0
    /// Open loop: the number of the next request to send.
    private var nextIndex = 0
    private var timerArmed = false
    /// Open loop: due requests are waiting because every connection is busy.
    private var backlogged = false
    private var finished = false
    /// Bookings this loop made and may cancel: (merchant index, booking id).
    private var bookings: [(merchantIndex: Int, id: String)] = []
    private let keepsBookings: Bool

    /// How many made bookings are remembered for cancellation.
    static let bookingsRememberedMax = 100_000
    /// A larger kept body fails the request (a booking is far smaller).
    static let responseBytesMax = 64 << 10

    /// Starts a driver on `eventLoop`; the future completes once sending stopped and every answer is in.
    static func run(
        on eventLoop: any EventLoop,
        client: HTTPClient,
        factory: RequestFactory,
        readFactories: [RequestFactory],
        plan: LoopPlan,
        live: LiveCounters
    ) -> EventLoopFuture<LoopResult> {
        precondition(!readFactories.isEmpty, "reads have at least one target")
        let promise = eventLoop.makePromise(of: LoopResult.self)
        eventLoop.execute {
            let driver = LoopDriver(
                eventLoop: eventLoop, client: client, factory: factory, readFactories: readFactories, plan: plan,
                live: live, promise: promise)
            driver.eventLoop.assumeIsolated().scheduleTask(deadline: plan.startAt) { driver.pump() }
        }
        return promise.futureResult
    }

    private init(
        eventLoop: any EventLoop,
        client: HTTPClient,
        factory: RequestFactory,
        readFactories: [RequestFactory],
        plan: LoopPlan,
        live: LiveCounters,
        promise: EventLoopPromise<LoopResult>
    ) {
        self.eventLoop = eventLoop
        self.client = client
        self.factory = factory
        self.readFactories = readFactories
        readsInFlight = Array(repeating: 0, count: readFactories.count)
        self.plan = plan
        self.live = live
        self.promise = promise
        random = SplitMix64(seed: plan.seed)
        keepsBookings = plan.mix.weight(.cancel) > 0
        result.readsByTarget = Array(repeating: 0, count: readFactories.count)
        if let lagProbe = plan.lagProbe {
            // The prober holds the driver until `finish()` lets it go, so that its last answer still finds it.
            prober = LagProber(eventLoop: eventLoop, client: client, plan: lagProbe, timeout: plan.timeout) {
                self.pump()
            }
        }
    }

    /// Sends what is due, arms the timer for what comes next, and finishes once the end passed and all answered.
    private func pump() {
        eventLoop.preconditionInEventLoop()
        let now = NIODeadline.now()
        switch plan.pacing {
        case .closed:
            while inFlight < plan.concurrency && now < plan.endAt { send(intended: now, now: now) }
        case .open:
            let due = plan.dueCount(at: min(now, plan.endAt))
            // Nothing leaves after the end: what is still due then counts as unsent, not as a late send.
            while now < plan.endAt && nextIndex < due && inFlight < plan.concurrency {
                if backlogged && plan.intendedTime(nextIndex) >= plan.measureFrom { result.waitedForConnection += 1 }
                send(intended: plan.intendedTime(nextIndex), now: now)
                nextIndex += 1
            }
            backlogged = nextIndex < due
            if nextIndex >= due && now < plan.endAt && !timerArmed {
                let wake = nextIndex < plan.plannedCount ? min(plan.intendedTime(nextIndex), plan.endAt) : plan.endAt
                timerArmed = true
                eventLoop.assumeIsolated().scheduleTask(deadline: wake) {
                    self.timerArmed = false
                    self.pump()
                }
            }
        }
        if now >= plan.endAt && inFlight == 0 && (prober?.inFlight ?? 0) == 0 && !timerArmed { finish() }
    }

    private func send(intended: NIODeadline, now: NIODeadline) {
        let measured = intended >= plan.measureFrom
        if measured, case .open = plan.pacing {
            _ = result.sendLagMicroseconds.record(max(1, UInt64((now - intended).nanoseconds / 1000)))
        }
        var operation = plan.mix.pick(&random)
        if operation == .cancel && bookings.isEmpty {
            operation = .create
            if measured { result.cancelsReplaced += 1 }
        }
        let request: HTTPClient.Request
        var merchantIndex = -1
        let target = operation.isRead ? readTarget() : -1
        switch operation {
        case .create: (request, merchantIndex) = factory.makeCreate(&random)
        case .availability: request = readFactories[target].makeAvailability(&random)
        case .list: request = readFactories[target].makeList(&random)
        case .health: request = readFactories[target].makeHealth()
        case .cancel:
            let index = random.index(bookings.count)
            let booking = bookings[index]
            bookings.swapAt(index, bookings.count - 1)
            bookings.removeLast()
            do {
                request = try factory.makeCancel(merchantIndex: booking.merchantIndex, bookingID: booking.id)
            } catch {
                preconditionFailure("a booking id from the server makes a valid URL: \(error)")
            }
        }
        inFlight += 1
        if target >= 0 { readsInFlight[target] += 1 }
        live.inFlight.wrappingAdd(1, ordering: .relaxed)
        let task = client.execute(
            request: request,
            delegate: AnswerDelegate(
                keepsBody: keepsBookings && operation == .create,
                keepsLSN: prober != nil && operation == .create,
                bodyBytesMax: Self.responseBytesMax
            ),
            eventLoop: .delegateAndChannel(on: eventLoop),
            deadline: now + plan.timeout,
            logger: nil
        )
        task.futureResult.assumeIsolated().whenComplete { answer in
            if target >= 0 {
                self.readsInFlight[target] -= 1
                if measured { self.result.readsByTarget[target] += 1 }
            }
            self.complete(operation, merchantIndex: merchantIndex, intended: intended, measured: measured, answer)
        }
    }

    /// The read target with the fewest requests in flight (the first on a tie): in a closed loop, the connections
    /// split evenly across the targets, whichever answers faster.
    private func readTarget() -> Int {
        var best = 0
        for target in readsInFlight.indices where readsInFlight[target] < readsInFlight[best] { best = target }
        return best
    }

    private func complete(
        _ operation: Operation,
        merchantIndex: Int,
        intended: NIODeadline,
        measured: Bool,
        _ answer: Result<Answer, any Error>
    ) {
        precondition(inFlight > 0, "an answer belongs to a request in flight")
        inFlight -= 1
        live.inFlight.wrappingSubtract(1, ordering: .relaxed)
        let latencyMicroseconds = UInt64(max(0, (NIODeadline.now() - intended).nanoseconds / 1000))
        let outcome: Outcome
        var status: UInt?
        switch answer {
        case .success(let response):
            status = response.status
            outcome = Outcome(status: response.status)
            if keepsBookings && operation == .create && outcome == .succeeded, let body = response.body {
                remember(merchantIndex: merchantIndex, body: body)
            }
            if measured && operation == .create && outcome == .succeeded, let prober {
                prober.written(lsn: response.lsn, answeredAt: NIODeadline.now())
            }
        case .failure(let error):
            outcome = Self.isTimeout(error) ? .timeout : .transportError
        }
        live.count(operation, outcome)
        if measured {
            result.stats[operation, default: OperationStats()].record(
                outcome, status: status, latencyMicroseconds: latencyMicroseconds)
        }
        pump()
    }

    private func remember(merchantIndex: Int, body: ByteBuffer) {
        precondition(merchantIndex >= 0, "a creation knows its merchant")
        let text = String(buffer: body)
        guard let key = text.firstRange(of: #""id":""#) else { return }
        let id = text[key.upperBound...].prefix { $0 != "\"" }
        precondition(id.hasPrefix("bkg_"), "a created booking's first id is its own")
        if bookings.count < Self.bookingsRememberedMax {
            bookings.append((merchantIndex, String(id)))
        } else {
            bookings[random.index(bookings.count)] = (merchantIndex, String(id))
        }
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        precondition(inFlight == 0, "every request answered before the result is given")
        if let prober {
            precondition(prober.inFlight == 0, "every probe answered before the result is given")
            result.lag = prober.stats
            self.prober = nil
        }
        if case .open = plan.pacing {
            let planned = plan.plannedCount
            let firstMeasured = (0..<planned).first { plan.intendedTime($0) >= plan.measureFrom } ?? planned
            result.plannedMeasured = planned - firstMeasured
            result.unsentMeasured = planned - max(nextIndex, firstMeasured)
        }
        promise.succeed(result)
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
            || error == .writeTimeout
    }
}
