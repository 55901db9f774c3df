/// What `WriteAheadLog.prune(through:archiveDirectory:)` took out of the log.
public struct PruneReport: Sendable, Equatable {
    /// The segment files taken out, in LSN order (none when nothing was old enough).
    public var segments: [String] = []
    /// Where they went: the archive folder, or nil when they were deleted.
    public var archiveDirectory: String?
    /// Their size in bytes.
    public var bytes = 0
    /// LSN of the oldest record the log holds now.
    public var firstLSN: UInt64 = 1

    /// An empty report.
    public init() {}
}
