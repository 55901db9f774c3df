import HummingbirdCore
import Logging
import NIOCore

/// Wraps a server's child channel (HTTP/1.1 here) so that each connection's task runs on the event loop of its
/// socket (`EventLoopTaskExecutor`). Setup and handling are the wrapped channel's own.
struct EventLoopPinnedChannel<Wrapped: ServerChildChannel>: ServerChildChannel {
    typealias Value = Wrapped.Value

    let wrapped: Wrapped

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        wrapped.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await wrapped.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with every connection's task pinned to its event loop (see `EventLoopPinnedChannel`).
    static func pinnedHTTP1(configuration: HTTP1Channel.Configuration) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            EventLoopPinnedChannel(wrapped: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}
