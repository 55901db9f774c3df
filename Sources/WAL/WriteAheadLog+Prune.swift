#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Retention: taking segments that a snapshot covers out of the log, deleted or archived.
extension WriteAheadLog {
    /// Takes out of the log every segment whose records all have an LSN at or below `lsn` (give the oldest retained
    /// snapshot's LSN), oldest first, never the segment being written: deleted, or moved into `archiveDirectory` when
    /// one is given (renamed, or copied and then deleted when it is on another file system; both directories are
    /// synced). Safe while appends continue. Tailers and cursors asking for the records taken out get
    /// `lsnNotRetained`; reopening the log then needs `WALOptions.snapshotLSN` at least `firstLSN - 1`.
    public func prune(through lsn: UInt64, archiveDirectory: String?) throws(WALError) -> PruneReport {
        try pruning.withLock { (_: inout Void) throws(WALError) -> PruneReport in
            try pruneSegments(through: lsn, archiveDirectory: archiveDirectory)
        }
    }

    /// The segments `prune` may take out: a prefix of the directory's, each followed by another segment starting at
    /// most at `lsn + 1` (so all its records are at or below `lsn`) and older than the active one.
    private func prunableSegments(through lsn: UInt64) throws(WALError) -> (prunable: [String], firstKept: UInt64?) {
        // Read before listing: a roll afterwards only makes more segments prunable, never fewer.
        let active = state.withLock { $0.activeSegmentFirstLSN }
        let names: [String]
        do {
            names = try storage.listDirectory(directory)
        } catch {
            throw WALError.storage(error, "cannot list the log directory")
        }
        let segments = SegmentName.segments(in: names)
        var prunable: [String] = []
        for (segment, next) in zip(segments, segments.dropFirst()) {
            guard segment.firstLSN < active, next.firstLSN <= active, next.firstLSN - 1 <= lsn else {
                break
            }
            prunable.append(segment.name)
        }
        precondition(prunable.count < max(segments.count, 1), "prune would empty the log")
        return (prunable, segments.dropFirst(prunable.count).first?.firstLSN)
    }

    private func pruneSegments(through lsn: UInt64, archiveDirectory: String?) throws(WALError) -> PruneReport {
        var report = PruneReport()
        report.archiveDirectory = archiveDirectory
        let (prunable, firstKept) = try prunableSegments(through: lsn)
        report.firstLSN = state.withLock { state in
            // Tailers learn first, so none starts reading a segment about to go.
            if let firstKept, !prunable.isEmpty {
                state.firstLSN = max(state.firstLSN, firstKept)
            }
            return state.firstLSN
        }
        guard !prunable.isEmpty else {
            return report
        }
        do {
            for name in prunable {
                report.bytes += try storage.fileSize(SegmentName.path(directory, name))
            }
            if let archiveDirectory {
                try archive(prunable, into: archiveDirectory)
            } else {
                for name in prunable {
                    try storage.remove(SegmentName.path(directory, name))
                }
            }
            try storage.syncDirectory(directory)
        } catch {
            throw WALError.storage(error, "cannot take pruned segments out of the log")
        }
        report.segments = prunable
        precondition(firstKept.map { $0 - 1 <= lsn } ?? false, "pruned a segment holding records after the LSN")
        return report
    }

    /// Moves segments into the archive: renamed, or (across file systems) copied, synced and then removed. The
    /// archive's directory is synced before the log's, so a segment is never in neither.
    private func archive(_ names: [String], into archiveDirectory: String) throws(WALStorageError) {
        try storage.createDirectory(archiveDirectory)
        var copied: [String] = []
        for name in names {
            do throws(WALStorageError) {
                try storage.rename(SegmentName.path(directory, name), to: SegmentName.path(archiveDirectory, name))
            } catch let error where error.errorNumber == EXDEV {
                try copy(name, into: archiveDirectory)
                copied.append(name)
            }
        }
        try storage.syncDirectory(archiveDirectory)
        for name in copied {
            try storage.remove(SegmentName.path(directory, name))
        }
    }

    /// Copies one segment into the archive crash-safely: `name.tmp` written in chunks and synced, then renamed.
    private func copy(_ name: String, into archiveDirectory: String) throws(WALStorageError) {
        let temporary = SegmentName.path(archiveDirectory, name + SegmentName.temporarySuffix)
        let file = try storage.openFile(temporary, create: true)
        do {
            var offset = 0
            while true {
                let chunk = try storage.read(
                    SegmentName.path(directory, name), offset: offset, count: RepairCutter.copyChunkBytes)
                if chunk.isEmpty {
                    break
                }
                try storage.appendAll(file, chunk)
                offset += chunk.count
            }
            try storage.syncFile(file)
        } catch {
            storage.close(file)
            throw error
        }
        storage.close(file)
        try storage.rename(temporary, to: SegmentName.path(archiveDirectory, name))
    }
}
