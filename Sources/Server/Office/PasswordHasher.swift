import HummingbirdBcrypt
import NIOPosix

/// Hashes and checks passwords with bcrypt, on NIO's thread pool so that the event loops never wait for it.
struct PasswordHasher: Sendable {
    /// The bcrypt cost (2^cost rounds); at least 10.
    let cost: UInt8

    init(cost: UInt8 = 10) {
        precondition(cost >= 10, "bcrypt cost must be at least 10")
        self.cost = cost
    }

    /// The shortest and longest passwords accepted (bcrypt reads at most 72 bytes).
    static let lengths = 10...72

    /// A bcrypt hash of `password`.
    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash` (false for a malformed hash).
    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash of a random password, checked against when the sign-in name is unknown, so that the time taken
    /// does not tell whether an account exists.
    static let decoy = Bcrypt.hash(String(UInt64.random(in: 0...UInt64.max), radix: 36), cost: 10)
}
