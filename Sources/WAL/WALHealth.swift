/// Whether the log accepts records.
public enum WALHealth: Sendable, Equatable {
    /// Appends are accepted.
    case ok
    /// A write or sync failed: every append fails with `durabilityUnavailable` until the log is reopened.
    case failed(reason: String)
}
