#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension WALStorage {
    /// Appends every byte, continuing after short writes; a write that makes no progress is an `EIO` error.
    /// `progress` is called with each write's count.
    package func appendAll(
        _ file: StorageFile, _ bytes: [UInt8], progress: (Int) -> Void = { _ in }
    ) throws(WALStorageError) {
        var written = 0
        while written < bytes.count {
            // withUnsafeBytes rethrows untyped errors, so the typed error travels out in a Result.
            let count = try bytes.withUnsafeBytes { raw in
                Result { () throws(WALStorageError) -> Int in
                    try append(file, UnsafeRawBufferPointer(rebasing: raw[written...]))
                }
            }.get()
            precondition(count >= 0 && count <= bytes.count - written, "storage wrote outside the buffer")
            if count == 0 {
                throw WALStorageError(errorNumber: EIO, operation: "write (no progress)", path: file.path)
            }
            written += count
            progress(count)
        }
        precondition(written == bytes.count, "write loop overran the buffer")
    }
}
