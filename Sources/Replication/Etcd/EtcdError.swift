/// A failed call to etcd: no member answered, or one answered with an error.
public struct EtcdError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the call failed.
    public enum Kind: Sendable, Equatable {
        /// No endpoint answered in time (connection refused, timeout): the outcome of a write is unknown.
        case unreachable
        /// An endpoint answered with an HTTP error or a gRPC error body (`code`, `message`).
        case refused(status: Int)
        /// An answer this client cannot read.
        case malformed
    }

    /// Why the call failed.
    public var kind: Kind
    /// What happened, for logs (never a key's value).
    public var message: String

    /// A failure of `kind`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "etcd: \(message)" }
}
