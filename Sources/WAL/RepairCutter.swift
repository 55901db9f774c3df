/// The file operations of a repair: copying or renaming segments aside as `.broken` files, and cutting one.
struct RepairCutter {
    /// Bytes copied per read when copying a segment aside.
    static let copyChunkBytes = 1024 * 1024

    let directory: String
    let storage: any WALStorage
    /// Names in the directory, to pick unused `.broken` names.
    private var names: Set<String> = []
    /// The `.broken` files made, in order.
    private(set) var brokenFiles: [String] = []

    init(directory: String, storage: any WALStorage) {
        self.directory = directory
        self.storage = storage
    }

    /// Lists the directory.
    mutating func loadNames() throws(WALStorageError) {
        names = Set(try storage.listDirectory(directory))
    }

    /// Renames a segment to an unused `.broken` name.
    mutating func setAside(_ name: String) throws(WALStorageError) {
        let broken = brokenName(for: name)
        try storage.rename(path(name), to: path(broken))
        names.remove(name)
        brokenFiles.append(broken)
    }

    /// Copies a segment to an unused `.broken` name, in chunks, and syncs the copy.
    mutating func copyAside(_ name: String) throws(WALStorageError) {
        let broken = brokenName(for: name)
        let copy = try storage.openFile(path(broken), create: true)
        defer { storage.close(copy) }
        var offset = 0
        while true {
            let chunk = try storage.read(path(name), offset: offset, count: Self.copyChunkBytes)
            if chunk.isEmpty {
                break
            }
            try storage.appendAll(copy, chunk)
            offset += chunk.count
        }
        try storage.syncFile(copy)
        brokenFiles.append(broken)
    }

    /// Cuts a segment to `length` bytes and syncs the cut.
    func cut(_ name: String, length: Int) throws(WALStorageError) {
        precondition(length >= SegmentHeader.size, "cut inside the segment header")
        let file = try storage.openFile(path(name), create: false)
        defer { storage.close(file) }
        try storage.truncate(file, length: length)
        try storage.syncFile(file)
    }

    /// `<name>.broken`, or `<name>.broken.<n>` when earlier repairs took that name.
    private mutating func brokenName(for name: String) -> String {
        var candidate = name + SegmentName.brokenSuffix
        var number = 1
        while names.contains(candidate) {
            candidate = name + SegmentName.brokenSuffix + ".\(number)"
            number += 1
        }
        names.insert(candidate)
        return candidate
    }

    private func path(_ name: String) -> String {
        SegmentName.path(directory, name)
    }
}
