/// Opening the log: inspect every segment in LSN order (see `RecoveryDecision` for the table), then carry out the
/// decisions: remove leftovers, cut a torn tail, or refuse on corruption.
enum WALRecovery {
    /// Everything inspection found, before anything is changed on disk.
    struct Inspection {
        /// Segments that continue the log, in order (the last one possibly torn).
        var segments: [SegmentState] = []
        /// Every segment file in the directory, in LSN order.
        var segmentNames: [String] = []
        /// Leftover `.seg.tmp` files to remove.
        var temporaries: [String] = []
        /// A never-completed last segment to remove.
        var staleSegment: String?
        /// Whether the last of `segments` has a torn tail to cut.
        var tornTail = false
        /// The first corruption found; inspection stops there.
        var corruption: SegmentCorruption?
        /// Index in `segmentNames` of the corrupt segment.
        var corruptionIndex: Int?
    }

    /// Reads and judges every segment, in order, until the end or the first corruption. Changes nothing. The first
    /// segment may start at any LSN up to `snapshotLSN + 1` (`.max`: anywhere).
    static func inspect(
        directory: String, storage: any WALStorage, snapshotLSN: UInt64
    ) throws(WALError) -> Inspection {
        var inspection = Inspection()
        let names: [String]
        do {
            names = try storage.listDirectory(directory)
        } catch {
            throw WALError.storage(error, "cannot list the log directory")
        }
        inspection.temporaries = names.filter { $0.hasSuffix(SegmentName.suffix + SegmentName.temporarySuffix) }
            .sorted()
        inspection.segmentNames = SegmentName.segments(in: names).map(\.name)
        var expected = RecoveryDecision.Expectation.start(snapshotLSN: snapshotLSN)
        for (index, name) in inspection.segmentNames.enumerated() {
            let bytes = try readSegment(directory: directory, name: name, storage: storage)
            let isLast = index == inspection.segmentNames.count - 1
            switch RecoveryDecision.judge(name: name, bytes: bytes, expected: expected, isLast: isLast) {
            case .intact(let state):
                inspection.segments.append(state)
                expected = state.expectation
            case .tornTail(let state):
                precondition(isLast, "torn tail outside the last segment")
                inspection.segments.append(state)
                inspection.tornTail = true
            case .stale:
                precondition(isLast, "stale segment outside the last position")
                inspection.staleSegment = name
            case .corrupt(let corruption):
                inspection.corruption = corruption
                inspection.corruptionIndex = index
                return inspection
            }
        }
        return inspection
    }

    /// Inspects the log and carries out the decisions; throws `corruption` when committed data is damaged or
    /// missing. Returns the report and the last segment (nil when the log holds no segment any more).
    static func recover(
        directory: String, storage: any WALStorage, snapshotLSN: UInt64
    ) throws(WALError) -> (report: RecoveryReport, tail: SegmentState?) {
        let inspection = try inspect(directory: directory, storage: storage, snapshotLSN: snapshotLSN)
        if let corruption = inspection.corruption {
            throw corruption.error
        }
        var report = RecoveryReport()
        let removals = inspection.temporaries + (inspection.staleSegment.map { [$0] } ?? [])
        for name in removals {
            do {
                try storage.remove(SegmentName.path(directory, name))
            } catch {
                throw WALError.storage(error, "cannot remove a leftover segment")
            }
        }
        report.removedFiles = removals
        if inspection.tornTail, let tail = inspection.segments.last {
            try cutTornTail(directory: directory, tail: tail, storage: storage)
            report.tornTailSegment = tail.name
            report.tornTailOffset = tail.validLength
            report.droppedBytes = tail.fileSize - tail.validLength
        }
        if !removals.isEmpty {
            do {
                try storage.syncDirectory(directory)
            } catch {
                throw WALError.storage(error, "cannot sync the log directory after removing leftovers")
            }
        }
        report.segmentCount = inspection.segments.count
        report.frameCount = inspection.segments.reduce(0) { $0 + $1.frameCount }
        report.recordCount = inspection.segments.reduce(0) { $0 + $1.recordCount }
        report.firstLSN = inspection.segments.first?.header.firstLSN ?? snapshotLSN + 1
        report.lastLSN = (inspection.segments.last?.nextLSN ?? report.firstLSN) - 1
        report.lastEpoch = inspection.segments.last?.lastEpoch ?? 0
        report.lastFrameTimestampMillis =
            inspection.segments.last { $0.lastTimestampMillis != nil }?.lastTimestampMillis
        precondition(
            report.recordCount == report.lastLSN + 1 - report.firstLSN, "recovered records are not contiguous LSNs")
        return (report, inspection.segments.last)
    }

    /// Cuts the last segment after its last good frame and syncs the cut, so the bytes cannot come back.
    private static func cutTornTail(
        directory: String, tail: SegmentState, storage: any WALStorage
    ) throws(WALError) {
        let path = SegmentName.path(directory, tail.name)
        do {
            let file = try storage.openFile(path, create: false)
            defer { storage.close(file) }
            try storage.truncate(file, length: tail.validLength)
            try storage.syncFile(file)
        } catch {
            throw WALError.storage(error, "cannot cut the torn tail of the last segment")
        }
        precondition(tail.validLength >= SegmentHeader.size, "cut inside the segment header")
    }

    /// A whole segment file.
    static func readSegment(directory: String, name: String, storage: any WALStorage) throws(WALError) -> [UInt8] {
        do {
            return try storage.readFile(SegmentName.path(directory, name))
        } catch {
            throw WALError.storage(error, "cannot read segment \(name)")
        }
    }
}
