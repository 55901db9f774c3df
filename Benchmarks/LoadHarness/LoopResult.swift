import Histogram

/// What one event loop's driver measured.
struct LoopResult: Sendable {
    var stats: [Operation: OperationStats] = [:]
    /// Open loop: requests due in the measured window, and those still unsent when sending stopped.
    var plannedMeasured = 0
    var unsentMeasured = 0
    /// Open loop: how late requests were sent after their due time, in microseconds.
    var sendLagMicroseconds = Histogram<UInt64>(highestTrackableValue: OperationStats.latencyMicrosecondsMax)
    /// Open loop: requests that waited for a free connection (the in-flight cap) after their due time.
    var waitedForConnection = 0
    /// Cancellations drawn when this run had no booking left to cancel (a creation was sent instead).
    var cancelsReplaced = 0
    /// The replication lag probe's figures (empty without a follower).
    var lag = LagStats()
    /// Measured reads (availability, list, health) per read target, in the order of the read URLs.
    var readsByTarget: [Int] = []

    mutating func merge(_ other: LoopResult) {
        for (operation, stats) in other.stats { self.stats[operation, default: OperationStats()].merge(stats) }
        plannedMeasured += other.plannedMeasured
        unsentMeasured += other.unsentMeasured
        sendLagMicroseconds.add(other.sendLagMicroseconds)
        cancelsReplaced += other.cancelsReplaced
        waitedForConnection += other.waitedForConnection
        lag.merge(other.lag)
        if readsByTarget.count < other.readsByTarget.count {
            readsByTarget += Array(repeating: 0, count: other.readsByTarget.count - readsByTarget.count)
        }
        for (target, reads) in other.readsByTarget.enumerated() { readsByTarget[target] += reads }
    }
}
