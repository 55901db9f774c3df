import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// An answer reduced to what the harness needs.
struct Answer: Sendable {
    let status: UInt
    /// Only when asked for (a creation whose booking may be cancelled later).
    let body: ByteBuffer?
    /// The write's `X-Nailbook-LSN`, only when asked for (a creation the lag probe may sample).
    let lsn: UInt64?
}

/// Keeps the status, and the body only when asked: lighter than `ResponseAccumulator`, which copies every body.
///
/// `@unchecked Sendable`: AsyncHTTPClient calls a delegate on its event loop only, and the driver runs every
/// request with `.delegateAndChannel(on:)` its own loop, so the members are never touched from two threads.
final class AnswerDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Answer

    private let keepsBody: Bool
    private let keepsLSN: Bool
    private let bodyBytesMax: Int
    private var status: UInt = 0
    private var body: ByteBuffer?
    private var lsn: UInt64?

    struct BodyTooLarge: Error {}

    init(keepsBody: Bool, keepsLSN: Bool = false, bodyBytesMax: Int) {
        self.keepsBody = keepsBody
        self.keepsLSN = keepsLSN
        self.bodyBytesMax = bodyBytesMax
    }

    func didReceiveHead(task: HTTPClient.Task<Answer>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        status = head.status.code
        if keepsLSN { lsn = head.headers.first(name: "X-Nailbook-LSN").flatMap { UInt64($0) } }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Answer>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        guard keepsBody else { return task.eventLoop.makeSucceededVoidFuture() }
        if (body?.readableBytes ?? 0) + buffer.readableBytes > bodyBytesMax {
            return task.eventLoop.makeFailedFuture(BodyTooLarge())
        }
        body.setOrWriteImmutableBuffer(buffer)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Answer>) throws -> Answer {
        precondition(status != 0, "a finished request had a head")
        return Answer(status: status, body: body, lsn: lsn)
    }
}
