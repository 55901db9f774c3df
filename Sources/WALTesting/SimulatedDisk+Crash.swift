import WAL

/// Power loss: what survives of the changes that were not synced.
extension SimulatedDisk {
    /// What became of one pending change.
    enum Outcome {
        case dropped
        case kept
        case torn
        case garbled
    }

    /// Resolves every pending directory and file change as `mode` says, makes the result durable, closes every
    /// descriptor, clears the armed faults and turns the power back on.
    mutating func crash(mode: SimulatedStorage.CrashMode) {
        for path in directories.keys.sorted() {
            var directory = directories[path]!
            var entries = directory.durable
            for change in directory.pending where outcome(mode, torn: false) != .dropped {
                Self.apply(change, to: &entries)
            }
            directory = Directory(durable: entries, entries: entries, pending: [])
            directories[path] = directory
        }
        openFiles = [:]
        collectGarbage()
        for inode in inodes.keys.sorted() {
            var file = inodes[inode]!
            var bytes = file.durable
            for change in file.pending {
                resolve(change, mode: mode, into: &bytes)
            }
            file = Inode(durable: bytes, content: bytes, pending: [])
            inodes[inode] = file
        }
        faults = []
        poweredOff = false
    }

    /// Applies what survives of one pending file change.
    private mutating func resolve(_ change: FileChange, mode: SimulatedStorage.CrashMode, into bytes: inout [UInt8]) {
        guard case .write(let offset, let written) = change else {
            if outcome(mode, torn: false) != .dropped {
                Self.apply(change, to: &bytes)
            }
            return
        }
        switch outcome(mode, torn: true) {
        case .dropped:
            break
        case .kept:
            Self.apply(change, to: &bytes)
        case .torn:
            let kept = random.below(written.count + 1)
            if kept > 0 {
                Self.apply(.write(offset: offset, bytes: Array(written.prefix(kept))), to: &bytes)
            }
        case .garbled:
            Self.apply(.write(offset: offset, bytes: random.bytes(written.count)), to: &bytes)
        }
    }

    /// The fate of one pending change under `mode`; `torn` says whether the change can be cut short or garbled
    /// (writes can; truncations and directory changes happen or not).
    private mutating func outcome(_ mode: SimulatedStorage.CrashMode, torn: Bool) -> Outcome {
        switch mode {
        case .dropUnsynced:
            return .dropped
        case .keepUnsynced:
            return .kept
        case .garbleUnsynced:
            return torn ? .garbled : (random.below(2) == 0 ? .dropped : .kept)
        case .mixed:
            let choice = random.below(torn ? 4 : 2)
            return [Outcome.dropped, .kept, .torn, .garbled][choice]
        }
    }
}
