import WAL

extension SimulatedStorage {
    /// What a power loss does to each write and directory change made since its file or directory was last synced.
    public enum CrashMode: Sendable, CaseIterable {
        /// None of them reached the disk.
        case dropUnsynced
        /// All of them reached the disk.
        case keepUnsynced
        /// Each write reached the disk as random bytes of the same length; each directory change happened or not.
        case garbleUnsynced
        /// Each write independently was dropped, kept, cut short or garbled; each directory change happened or not.
        case mixed
    }

    /// A fault to inject. Given to `inject(_:)`, numbers count from the injection (1 is the next one).
    public enum Fault: Sendable, Equatable {
        /// The N-th sync (file or directory) fails with `EIO` and makes nothing durable.
        case syncFails(atSync: Int)
        /// From the N-th write on, every write fails with `errorNumber` (e.g. `ENOSPC`: a full disk stays full).
        case writesFail(fromWrite: Int, errorNumber: Int32)
        /// The N-th write writes at most `bytesMax` bytes and returns that count.
        case shortWrite(atWrite: Int, bytesMax: Int)
        /// The power fails during the N-th sync, after it reached the disk when `syncCompletes`; that sync and every
        /// later operation fail with `EIO` until `crash(mode:)`.
        case powerCut(atSync: Int, syncCompletes: Bool)
        /// The power fails during the N-th operation of any kind (a write in flight leaves a random prefix of its
        /// bytes in the page cache); it and every later operation fail with `EIO` until `crash(mode:)`.
        case powerCutAtOperation(Int)
    }

    /// Counts of what the storage has been asked to do.
    public struct Counters: Sendable, Equatable {
        /// Every operation, of any kind.
        public var operations = 0
        /// Appends.
        public var writes = 0
        /// File and directory syncs.
        public var syncs = 0

        /// Zero counts.
        public init() {}
    }
}
