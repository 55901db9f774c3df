import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// One connection's limits, in its channel pipeline after the HTTP codec: it closes the connection when it is over
/// the server's connection limit, when it stays idle (no request in progress) past the idle timeout, or when a
/// request's head and body take longer than the read timeout to arrive. While a response is in progress nothing is
/// timed (a replication stream lasts for hours).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let tally: ConnectionTally
    private var admitted = false
    /// A request's head arrived and its end did not yet.
    private var readingRequest = false
    /// Requests whose head arrived and whose response has not ended.
    private var responsesOwed = 0
    private var timer: Scheduled<Void>?
    /// Closed for pipelining: later requests the decoder still delivers are dropped, not counted again.
    private var closing = false
    /// A read the pipeline asked for while the socket could take no more output: issued once it can.
    private var readWithheld = false

    init(tally: ConnectionTally) { self.tally = tally }

    func handlerAdded(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        activate(context)
    }

    func channelActive(context: ChannelHandlerContext) {
        activate(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { finish() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }  // what the decoder still had after we closed: dropped
        switch unwrapInboundIn(data) {
        case .head:
            readingRequest = true
            responsesOwed += 1
            guard responsesOwed <= tally.limits.pipelinedRequestsMax else {
                // A client that sends request after request without reading the answers: the answers would pile
                // up in memory. Close rather than buffer.
                tally.closedForPipelining()
                closing = true
                context.close(promise: nil)
                return
            }
            schedule(context)
        case .body:
            break
        case .end:
            readingRequest = false
            schedule(context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), responsesOwed > 0 {
            responsesOwed -= 1
            schedule(context)
        }
        context.write(data, promise: promise)
    }

    /// Back-pressure: no more requests are read while the socket cannot take more output (its write buffer is
    /// above the high water mark because the client does not read), so a client that never reads cannot make the
    /// server queue answer after answer.
    func read(context: ChannelHandlerContext) {
        guard context.channel.isWritable else {
            readWithheld = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable && readWithheld {
            readWithheld = false
            context.read()
        }
        context.fireChannelWritabilityChanged()
    }

    private func activate(_ context: ChannelHandlerContext) {
        guard !admitted else { return }
        guard tally.admit() else {
            context.close(promise: nil)
            return
        }
        admitted = true
        schedule(context)
    }

    private func finish() {
        timer?.cancel()
        timer = nil
        if admitted {
            admitted = false
            tally.release()
        }
    }

    /// Sets the one timer the connection's state calls for: the read timeout while a request arrives, none while
    /// a response is owed, the idle timeout otherwise.
    private func schedule(_ context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        guard admitted else { return }
        let limits = tally.limits
        let delay: Duration
        let slowRequest: Bool
        if readingRequest {
            (delay, slowRequest) = (limits.requestReadTimeout, true)
        } else if responsesOwed == 0 {
            (delay, slowRequest) = (limits.idleTimeout, false)
        } else {
            return
        }
        let loop = context.eventLoop.assumeIsolated()
        timer = loop.scheduleTask(in: TimeAmount(delay)) { [self] in
            timer = nil
            if slowRequest { tally.closedForSlowRequest() } else { tally.closedForIdleness() }
            context.close(promise: nil)
        }
    }
}
