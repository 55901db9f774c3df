import NIOCore

/// A task executor that runs jobs on one NIO event loop: a connection's task, given this as its preference, reads
/// the request, runs the handler (the engine and the staff actors, which are default actors and so follow the
/// preference) and writes the answer on the thread that owns the socket, instead of hopping to the cooperative pool
/// and back for every request. Only the log's fsync still happens elsewhere (it blocks, so it never runs here).
///
/// Nothing here blocks the loop for long: handlers never block (the same rule as for the cooperative pool), and a
/// job is run to its next suspension point.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
