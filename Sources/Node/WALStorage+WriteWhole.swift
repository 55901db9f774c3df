import WAL

extension WALStorage {
    /// Writes a whole file crash-safely: into `path.tmp`, fsynced, renamed over `path`, then the folder fsynced, so
    /// after a crash the file is either complete or absent. The folder is created if missing.
    func writeWholeFile(_ bytes: [UInt8], to path: String, in directory: String) throws(WALStorageError) {
        try createDirectory(directory)
        let temporary = path + ".tmp"
        let file = try openFile(temporary, create: true)
        do {
            try truncate(file, length: 0)
            try appendAll(file, bytes)
            try syncFile(file)
        } catch {
            close(file)
            throw error
        }
        close(file)
        try rename(temporary, to: path)
        try syncDirectory(directory)
    }
}
