import Synchronization

/// Collects the LSNs of the events a task commits, so an API layer can tell a client the LSN of its write
/// (`X-Nailbook-LSN`) without every engine operation returning it.
public final class CommitRecorder: Sendable {
    /// The recorder of the current task, if its caller installed one.
    @TaskLocal public static var current: CommitRecorder?

    private let highest = Mutex<LSN?>(nil)

    /// Creates an empty recorder.
    public init() {}

    /// The highest LSN committed under this recorder, or nil if nothing was committed.
    public var lsn: LSN? { highest.withLock { $0 } }

    func record(_ lsn: LSN) { highest.withLock { $0 = max($0 ?? 0, lsn) } }
}
