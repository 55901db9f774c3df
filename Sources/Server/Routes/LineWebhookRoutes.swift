import Core
import HTTPTypes
import Hummingbird

/// `POST /line/webhook/{merchantId}`: LINE's webhook. The signature is checked on the raw body before anything is
/// parsed; valid events are queued and the answer is 200 at once (LINE wants an answer within seconds and
/// redelivers otherwise).
struct LineWebhookRoutes {
    let engine: BookingEngine
    let line: LineIntegration

    /// LINE's webhook bodies are small; this is generous.
    static let bodyBytesMax = 1 << 20

    func register(on router: Router<NailbookContext>) {
        router.post("line/webhook/:merchantId") { request, context in
            guard let id = context.parameters.get("merchantId").flatMap(MerchantID.init),
                let channel = engine.lineChannel(of: id)
            else {
                // Not the answer to a bad signature: the operator can tell a stale webhook URL from a wrong secret.
                line.metrics.webhookWithoutChannel()
                throw Problem(
                    .notFound, code: "line_channel_not_found", detail: "this merchant has no LINE channel")
            }
            let buffer = try await RequestBody.collect(request, upTo: Self.bodyBytesMax)
            let body = Array(buffer.readableBytesView)
            guard let opened = line.credentials.open(channel) else { throw LineChannelRoutes.masterKeyMissing }
            guard
                LineSignature.isValid(body: body, header: request.headers[.lineSignature], channelSecret: opened.secret)
            else {
                line.metrics.signatureFailure()
                throw Problem(
                    .unauthorized, code: "invalid_signature",
                    detail: "X-Line-Signature is missing or does not match the body")
            }
            let events: [LineWebhookEvent]
            do {
                events = try LineWebhookPayload.parse(body)
            } catch {
                throw Problem.invalid("body", "not a LINE webhook body: \(error)")
            }
            guard line.webhooks.enqueue(events, of: id) else {
                throw Problem(.serviceUnavailable, code: "webhook_queue_full", detail: "too many webhook events queued")
            }
            return JSONResponse.make { json in json.object { _ in } }
        }
    }
}

extension HTTPField.Name {
    /// LINE's webhook signature header.
    static let lineSignature = HTTPField.Name("X-Line-Signature")!
}
