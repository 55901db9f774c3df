extension WriteAheadLog {
    /// Cuts the log at the last good frame before the first corruption, so that `open` succeeds again, keeping
    /// everything cut as `<segment>.broken` files: the damaged segment is copied before it is cut (or set aside
    /// whole when its header is unusable), and every later segment is set aside. Reports exactly which LSNs were
    /// discarded. Does nothing when `open` would not refuse. Call it only while the log is not open. The log may
    /// start at any LSN (older segments pruned): whether a snapshot covers what lies before is for `open` to judge,
    /// and cutting cannot bring missing records back.
    public static func repair(directory: String, storage: any WALStorage) throws(WALError) -> RepairReport {
        let inspection = try WALRecovery.inspect(directory: directory, storage: storage, snapshotLSN: .max)
        var report = RepairReport()
        report.lastLSNKept = (inspection.segments.last?.nextLSN ?? 1) - 1
        guard let corruption = inspection.corruption, let index = inspection.corruptionIndex else {
            report.lastLSNSeen = report.lastLSNKept
            return report
        }
        precondition(corruption.lsn >= 1 && index < inspection.segmentNames.count, "corruption outside the log")
        let later = Array(inspection.segmentNames[(index + 1)...])
        let tally = try tallyDiscards(directory: directory, storage: storage, corruption: corruption, later: later)
        report.repaired = true
        report.problem = corruption.error.description
        report.damagedSegment = corruption.name
        report.damagedOffset = corruption.offset
        report.damagedSegmentRemoved = corruption.wholeSegment
        report.lastLSNKept = corruption.lsn - 1
        report.lastLSNSeen = tally.lastLSNSeen
        report.recordsDiscarded = tally.lastLSNSeen - report.lastLSNKept
        report.framesDiscarded = tally.frames
        report.unreadableBytes = tally.unreadableBytes
        report.brokenFiles = try cut(directory: directory, storage: storage, corruption: corruption, later: later)
        return report
    }

    /// Counts what lies after the cut: the rest of the damaged segment and every later segment.
    private static func tallyDiscards(
        directory: String, storage: any WALStorage, corruption: SegmentCorruption, later: [String]
    ) throws(WALError) -> DiscardTally {
        var tally = DiscardTally(lsnFloor: corruption.lsn)
        let damaged = try WALRecovery.readSegment(directory: directory, name: corruption.name, storage: storage)
        if corruption.wholeSegment {
            tally.countSegment(damaged)
        } else {
            damaged.withUnsafeBytes { tally.countFrames($0, from: corruption.offset) }
        }
        for name in later {
            tally.countSegment(try WALRecovery.readSegment(directory: directory, name: name, storage: storage))
        }
        precondition(tally.lastLSNSeen >= corruption.lsn - 1, "tally below the cut")
        return tally
    }

    /// Sets the cut part aside as `.broken` files and cuts the damaged segment; returns the `.broken` names.
    static func cut(
        directory: String, storage: any WALStorage, corruption: SegmentCorruption, later: [String]
    ) throws(WALError) -> [String] {
        var cutter = RepairCutter(directory: directory, storage: storage)
        do {
            try cutter.loadNames()
            // Evidence first: the copy of the damaged segment and the set-aside later segments are durable before
            // anything is cut, so a crash during repair loses nothing and repair can run again.
            if corruption.wholeSegment {
                try cutter.setAside(corruption.name)
            } else {
                try cutter.copyAside(corruption.name)
            }
            for name in later {
                try cutter.setAside(name)
            }
            try storage.syncDirectory(directory)
            if !corruption.wholeSegment {
                try cutter.cut(corruption.name, length: corruption.offset)
            }
        } catch {
            throw WALError.storage(error, "repair could not cut the log")
        }
        return cutter.brokenFiles
    }
}
