import Core
import Crypto
import Hummingbird

/// Resolves `Authorization: Bearer …` to a principal, or answers 401. Tokens are compared by their SHA-256
/// digest, so neither the admin token nor any API key is kept or logged in clear.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = NailbookContext

    let engine: BookingEngine
    let adminTokenDigest: [UInt8]
    let replicationTokenDigest: [UInt8]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw Problem.unauthorized
        }
        let digest = TokenDigest.of(String(header.dropFirst("Bearer ".count)))
        var context = context
        if TokenDigest.equal(digest, adminTokenDigest) {
            context.principal = .admin
        } else if !replicationTokenDigest.isEmpty && TokenDigest.equal(digest, replicationTokenDigest) {
            context.principal = .replicator
        } else if let key = engine.apiKey(digest: digest) {
            context.principal = .merchant(key.merchantID, keyID: key.id)
        } else {
            throw Problem.unauthorized
        }
        return try await next(request, context)
    }
}

/// SHA-256 digests of bearer tokens and a constant-time comparison.
enum TokenDigest {
    static func of(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
