import Core
import Logging
import Synchronization

/// Handles verified LINE webhook events after the webhook has answered: follow, unfollow, booking keyword,
/// postback buttons. Each event is handled once: its id is logged when it is done, and redeliveries of a logged
/// id are skipped. Events of one merchant are handled in order (one lane per merchant, several lanes in all).
final class WebhookProcessor: Sendable {
    /// One event to handle.
    struct Job: Sendable {
        var merchantID: MerchantID
        var event: LineWebhookEvent
    }

    private static let laneCount = 4
    private let lanes: [(stream: AsyncStream<Job>, continuation: AsyncStream<Job>.Continuation)]
    private let queued = Atomic<Int>(0)
    private let handling = Mutex<Set<WebhookEventKey>>([])
    private let engine: BookingEngine
    private let client: LineClient
    private let credentials: LineCredentials
    private let configuration: LineConfiguration
    private let metrics: LineMetrics
    private let clock: @Sendable () -> Instant
    private let logger: Logger
    private let renderer: NotificationRenderer

    init(
        engine: BookingEngine,
        client: LineClient,
        credentials: LineCredentials,
        configuration: LineConfiguration,
        metrics: LineMetrics,
        clock: @escaping @Sendable () -> Instant,
        logger: Logger
    ) {
        lanes = (0..<Self.laneCount).map { _ in AsyncStream.makeStream(of: Job.self) }
        self.engine = engine
        self.client = client
        self.credentials = credentials
        self.configuration = configuration
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        renderer = NotificationRenderer(configuration: configuration)
    }

    /// Queues events for handling; false (nothing queued) when the queue is full.
    func enqueue(_ events: [LineWebhookEvent], of merchantID: MerchantID) -> Bool {
        let total = queued.add(events.count, ordering: .relaxed).newValue
        guard total <= configuration.webhookQueueMax else {
            queued.subtract(events.count, ordering: .relaxed)
            return false
        }
        let lane = lanes[Int(merchantID.rawValue % UInt64(Self.laneCount))]
        for event in events { lane.continuation.yield(Job(merchantID: merchantID, event: event)) }
        return true
    }

    /// Handles queued events until cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            for lane in lanes {
                group.addTask {
                    for await job in lane.stream {
                        await self.handle(job)
                        self.queued.subtract(1, ordering: .relaxed)
                    }
                }
            }
        }
    }

    private func handle(_ job: Job) async {
        let key = WebhookEventKey(merchantID: job.merchantID, eventID: job.event.webhookEventId)
        let seen = engine.store.read { $0.outbox.hasHandled(webhookEventID: key.eventID, of: key.merchantID) }
        guard !seen, handling.withLock({ $0.insert(key).inserted }) else {
            metrics.webhookEvent("duplicate")
            return
        }
        defer { _ = handling.withLock { $0.remove(key) } }
        guard let channel = engine.lineChannel(of: job.merchantID), let opened = credentials.open(channel) else {
            return
        }
        do {
            let type = try await act(on: job.event, merchantID: job.merchantID, channel: channel, opened: opened)
            metrics.webhookEvent(type)
            try await engine.recordWebhookEventsHandled([key.eventID], of: job.merchantID, at: clock())
        } catch {
            logger.error(
                "webhook event not handled; LINE's redelivery will retry it",
                metadata: ["merchant.id": "\(job.merchantID)", "error": "\(error)"])
        }
    }

    /// Does what the event asks; returns its type for the metrics.
    private func act(on event: LineWebhookEvent, merchantID: MerchantID, channel: LineChannel, opened: OpenedChannel)
        async throws(DurabilityError) -> String
    {
        guard let userID = event.userId else { return "other" }
        let now = clock()
        switch event.kind {
        case .follow:
            let profile = await client.profile(channelAccessToken: opened.accessToken, userId: userID)
            let context = CommandContext(now: now, origin: Origin(author: .system, channel: .line))
            _ = try await engine.lineUserFollowed(
                userID, displayName: profile?.displayName ?? "", merchantID: merchantID, context)
            let merchantName = engine.merchant(merchantID)?.name ?? ""
            let url = configuration.bookingURL(merchantID: merchantID, liffID: channel.liffID)
            reply(
                LineMessages.welcome(
                    merchantName: merchantName, bookingURL: url,
                    templates: NotificationRenderer.templates(for: channel.settings)),
                to: event, opened: opened)
            return "follow"
        case .unfollow:
            try await engine.lineUserUnfollowed(userID, merchantID: merchantID, at: now)
            return "unfollow"
        case .message(let text):
            guard let text, Self.asksForBookings(text, keywords: channel.settings.bookingKeywords) else {
                return "message"
            }
            reply(
                upcomingBookings(of: userID, merchantID: merchantID, channel: channel, now: now), to: event,
                opened: opened)
            return "message"
        case .postback(let data):
            let answer = try await postback(data, userID: userID, merchantID: merchantID, channel: channel, now: now)
            reply(LineMessages.text(answer), to: event, opened: opened)
            return "postback"
        case .other:
            return "other"
        }
    }

    /// Whether a message asks for the booking menu: it contains one of the merchant's keywords.
    static func asksForBookings(_ text: String, keywords: [String]) -> Bool {
        let folded = text.lowercased()
        return keywords.contains { folded.contains($0.lowercased()) }
    }

    /// The customer's next confirmed bookings as a carousel (or the booking link when there are none).
    private func upcomingBookings(of userID: String, merchantID: MerchantID, channel: LineChannel, now: Instant)
        -> [UInt8]
    {
        let url = configuration.bookingURL(merchantID: merchantID, liffID: channel.liffID)
        let templates = NotificationRenderer.templates(for: channel.settings)
        guard let customer = engine.customer(lineUserID: userID, merchantID: merchantID) else {
            return LineMessages.upcomingBookings([], bookingURL: url, templates: templates)
        }
        let page = engine.bookings(
            BookingQuery(merchantID: merchantID, from: now, status: .confirmed, customerID: customer.id, limit: 10))
        let facts = engine.store.read { state in
            page.bookings.compactMap { renderer.facts(of: $0, in: state, channel: channel) }
        }
        return LineMessages.upcomingBookings(facts, bookingURL: url, templates: templates)
    }

    /// Confirms attendance or cancels, as a Flex button asked; returns the text to reply.
    private func postback(_ data: String, userID: String, merchantID: MerchantID, channel: LineChannel, now: Instant)
        async throws(DurabilityError) -> String
    {
        let texts = LineReplyTexts.for(channel.settings.language)
        let fields = Dictionary(
            data.split(separator: "&").compactMap { pair -> (String, String)? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }, uniquingKeysWith: { first, _ in first })
        if fields["action"] == "accept-offer" || fields["action"] == "decline-offer" {
            return try await answerOffer(fields, userID: userID, merchantID: merchantID, channel: channel, now: now)
        }
        guard let merchant = engine.merchant(merchantID),
            let customer = engine.customer(lineUserID: userID, merchantID: merchantID),
            let id = fields["bookingId"].flatMap(BookingID.init),
            let booking = engine.booking(id, merchantID: merchantID), booking.customerID == customer.id
        else { return texts.notFound }
        let context = CommandContext(now: now, origin: Origin(author: .customer(customer.id), channel: .line))
        let time = NotificationRenderer.timeText(
            booking.startsAt, zone: merchant.zone, language: channel.settings.language)
        let outcome: Result<Booking, Rejection>
        switch fields["action"] {
        case "confirm":
            outcome = try await engine.confirmAttendance(id, customerID: customer.id, merchantID: merchantID, context)
        case "cancel": outcome = try await engine.cancelBooking(id, merchantID: merchantID, reason: nil, context)
        default: return texts.notFound
        }
        switch outcome {
        case .success:
            return LineMessageTemplates.fill(
                fields["action"] == "confirm" ? texts.confirmed : texts.cancelled, ["time": time])
        case .failure(let rejection) where rejection.code == .cancellationDeadlinePassed: return texts.tooLateToCancel
        case .failure(let rejection) where rejection.code == .invalidStateTransition: return texts.notConfirmed
        case .failure: return texts.notFound
        }
    }

    /// Books or declines a waitlist offer, as its Flex buttons asked; returns the text to reply.
    private func answerOffer(
        _ fields: [String: String], userID: String, merchantID: MerchantID, channel: LineChannel, now: Instant
    ) async throws(DurabilityError) -> String {
        let texts = LineReplyTexts.for(channel.settings.language)
        guard let merchant = engine.merchant(merchantID),
            let customer = engine.customer(lineUserID: userID, merchantID: merchantID),
            let id = fields["entryId"].flatMap(WaitlistEntryID.init),
            engine.waitlistEntry(id, merchantID: merchantID, customerID: customer.id) != nil
        else { return texts.offerGone }
        let context = CommandContext(now: now, origin: Origin(author: .customer(customer.id), channel: .line))
        if fields["action"] == "decline-offer" {
            let outcome = try await engine.leaveWaitlist(id, merchantID: merchantID, customerID: customer.id, context)
            guard case .success = outcome else { return texts.offerGone }
            return texts.offerDeclined
        }
        switch try await engine.acceptWaitlistOffer(id, merchantID: merchantID, customerID: customer.id, context) {
        case .success(let booking):
            let time = NotificationRenderer.timeText(
                booking.startsAt, zone: merchant.zone, language: channel.settings.language)
            return LineMessageTemplates.fill(
                booking.awaitingApproval ? texts.offerAwaitingApproval : texts.offerBooked, ["time": time])
        case .failure: return texts.offerGone
        }
    }

    /// Replies in the background (a reply token is good for about a minute; a failed reply is not retried).
    private func reply(_ messages: [UInt8], to event: LineWebhookEvent, opened: OpenedChannel) {
        guard let replyToken = event.replyToken else { return }
        Task {
            let answer = await client.reply(
                channelAccessToken: opened.accessToken, replyToken: replyToken, messagesJSON: messages)
            if answer != .accepted { logger.notice("LINE reply not accepted", metadata: ["answer": "\(answer)"]) }
        }
    }
}

/// The short texts replied to postback buttons.
struct LineReplyTexts {
    var confirmed: String
    var cancelled: String
    var tooLateToCancel: String
    var notConfirmed: String
    var notFound: String
    var offerBooked: String
    var offerAwaitingApproval: String
    var offerDeclined: String
    var offerGone: String

    static func `for`(_ language: String) -> LineReplyTexts {
        language == "en"
            ? LineReplyTexts(
                confirmed: "Thank you! See you at {time}.",
                cancelled: "Your booking at {time} is cancelled.",
                tooLateToCancel: "Sorry, it is too late to cancel online. Please contact the salon.",
                notConfirmed: "This booking is no longer active.",
                notFound: "We could not find this booking; it may have changed.",
                offerBooked: "Booked! See you at {time}.",
                offerAwaitingApproval: "Thank you! Your booking at {time} waits for the salon's approval.",
                offerDeclined: "No problem, we passed the slot on.",
                offerGone: "Sorry, this offer is no longer open.")
            : LineReplyTexts(
                confirmed: "已確認出席，{time} 見！",
                cancelled: "已為您取消 {time} 的預約。",
                tooLateToCancel: "很抱歉，已超過線上取消的期限，請直接聯絡店家。",
                notConfirmed: "這筆預約已經不是有效的預約了。",
                notFound: "找不到這筆預約，可能已經變更或取消。",
                offerBooked: "預約成功！{time} 見！",
                offerAwaitingApproval: "謝謝！您 {time} 的預約正在等待店家確認。",
                offerDeclined: "好的，這個空檔會讓給下一位。",
                offerGone: "很抱歉，這個空檔已經不再保留了。")
    }
}
