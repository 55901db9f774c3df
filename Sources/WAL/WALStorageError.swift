#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A storage operation failed: the POSIX error number, the operation and the path it was applied to.
public struct WALStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The POSIX error number (`EIO`, `ENOSPC`, ...).
    public var errorNumber: Int32
    /// The operation that failed, e.g. `fdatasync`.
    public var operation: String
    /// The file or directory the operation was applied to.
    public var path: String

    /// Creates an error.
    public init(errorNumber: Int32, operation: String, path: String) {
        self.errorNumber = errorNumber
        self.operation = operation
        self.path = path
    }

    /// `fdatasync /path: EIO (Input/output error)`.
    public var description: String {
        "\(operation) \(path): \(Self.name(errorNumber)) (\(String(cString: strerror(errorNumber))))"
    }

    /// The symbolic name of the error numbers the log's tests and operators meet most.
    static func name(_ errorNumber: Int32) -> String {
        switch errorNumber {
        case EIO: return "EIO"
        case ENOSPC: return "ENOSPC"
        case ENOENT: return "ENOENT"
        case EEXIST: return "EEXIST"
        case EBADF: return "EBADF"
        case EDQUOT: return "EDQUOT"
        case EROFS: return "EROFS"
        case EACCES: return "EACCES"
        default: return "errno \(errorNumber)"
        }
    }
}
