import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A stand-in for the LINE Platform on a loopback port, speaking the documented HTTP API (push, reply, profile,
/// ID token verification) with recorded requests, registered tokens and profiles, retry-key semantics, and a script
/// of failures per endpoint.
final class FakeLineServer: Sendable {
    /// The endpoints the fake serves.
    enum Endpoint: String, Sendable, Hashable, CaseIterable {
        case push
        case reply
        case profile
        case verify
    }

    /// A scripted answer, taken from the endpoint's queue before normal handling; scripted answers change no state
    /// (a scripted failure never marks a retry key accepted).
    enum Scripted: Sendable, Equatable {
        /// Any status with a JSON body and extra headers.
        case status(Int, json: String, headers: [String: String] = [:])
        /// 429 with LINE's rate-limit message and, when given, `Retry-After`.
        case rateLimited(retryAfterSeconds: Int?)
        /// 429 with LINE's "monthly limit" message.
        case monthlyLimitReached
        /// 500 with LINE's server-error message.
        case serverError
        /// 401 with LINE's authentication message.
        case unauthorized
        /// 400 with `message`.
        case badRequest(String)
        /// Waits, then handles the request normally (so a push still counts as accepted).
        case stall(Duration)
    }

    /// What the endpoint does when its queue is empty.
    enum Behaviour: Sendable, Equatable {
        /// Handle normally.
        case normal
        /// Wait, then handle normally (LINE is slow).
        case delayed(Duration)
        /// Always answer this (LINE is down); `.stall` here means "wait, then handle normally".
        case always(Scripted)
    }

    /// One request as it arrived.
    struct RecordedRequest: Sendable {
        var endpoint: Endpoint?
        var arrivedAt: ContinuousClock.Instant
        var wallTime: Date
        var method: String
        var path: String
        /// Header names in lower case.
        var headers: [String: String]
        var body: [UInt8]

        func header(_ name: String) -> String? { headers[name.lowercased()] }
        var authorization: String? { header("authorization") }
        var retryKey: String? { header("x-line-retry-key") }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
    }

    /// The claims the verify endpoint returns for a registered ID token.
    struct IDTokenClaims: Sendable, Equatable {
        var sub: String
        var aud: String
        var name: String
        var picture: String?
        var exp: Int64
        var iat: Int64
    }

    /// A profile the profile endpoint returns.
    struct Profile: Sendable, Equatable {
        var displayName: String
        var pictureURL: String?
    }

    private struct Accepted: Sendable {
        var requestId: String
        var sentMessageIds: [String]
    }

    private struct State: Sendable {
        var requests: [RecordedRequest] = []
        var channelTokens: Set<String> = []
        var profiles: [String: Profile] = [:]
        var idTokens: [String: IDTokenClaims] = [:]
        var acceptedRetryKeys: [String: Accepted] = [:]
        var usedReplyTokens: Set<String> = []
        var scripts: [Endpoint: [Scripted]] = [:]
        var behaviours: [Endpoint: Behaviour] = [:]
        var nextId: UInt64 = 461_230_966_842_064_000
    }

    private let state = Mutex(State())
    private let running = Mutex<(group: ServiceGroup, task: Task<Void, any Error>)?>(nil)
    private let portValue = Mutex(0)

    /// The bound port (after `start`).
    var port: Int { portValue.withLock { $0 } }
    /// The origin to use as `LineClientConfiguration.apiBase`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init() {}

    // MARK: Lifecycle

    /// Starts serving on 127.0.0.1 port 0 and returns once the port is known.
    static func start() async throws -> FakeLineServer {
        let server = FakeLineServer()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: server.router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "fake-line"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "fake-line")
        )
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "fake-line"))
        let task = Task { try await group.run() }
        server.running.withLock { $0 = (group, task) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        server.portValue.withLock { $0 = port }
        return server
    }

    /// Stops serving (waiting for requests in flight, including stalled ones).
    func stop() async {
        let current = running.withLock { value in
            let current = value
            value = nil
            return current
        }
        guard let current else { return }
        await current.group.triggerGracefulShutdown()
        _ = try? await current.task.value
    }

    /// Runs `body` against a fresh fake and always stops it afterwards.
    static func with<T>(_ body: (FakeLineServer) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    // MARK: Setup

    /// Accepts `token` as a channel access token.
    func registerChannel(accessToken token: String) { state.withLock { _ = $0.channelTokens.insert(token) } }

    /// Makes the profile endpoint know `userId`.
    func registerProfile(userId: String, displayName: String, pictureURL: String? = nil) {
        state.withLock { $0.profiles[userId] = Profile(displayName: displayName, pictureURL: pictureURL) }
    }

    /// Makes the verify endpoint accept `idToken`.
    func registerIDToken(_ idToken: String, claims: IDTokenClaims) {
        state.withLock { $0.idTokens[idToken] = claims }
    }

    /// Queues scripted answers for the next requests to `endpoint`, in order.
    func enqueue(_ responses: Scripted..., for endpoint: Endpoint) {
        state.withLock { $0.scripts[endpoint, default: []].append(contentsOf: responses) }
    }

    /// Sets what `endpoint` does once its queue is empty.
    func setBehaviour(_ behaviour: Behaviour, for endpoint: Endpoint) {
        state.withLock { $0.behaviours[endpoint] = behaviour }
    }

    // MARK: Accessors

    /// Every request so far, in arrival order.
    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The requests to one endpoint.
    func requests(to endpoint: Endpoint) -> [RecordedRequest] {
        state.withLock { $0.requests.filter { $0.endpoint == endpoint } }
    }

    /// The retry keys of accepted pushes.
    var acceptedRetryKeys: Set<String> { state.withLock { Set($0.acceptedRetryKeys.keys) } }

    /// Forgets recorded requests (keeps registrations and accepted keys).
    func clearRequests() { state.withLock { $0.requests.removeAll() } }
}

// MARK: - Handling

extension FakeLineServer {
    private static let authenticationFailed =
        #"{"message":"Authentication failed. Confirm that the access token in the authorization header is valid."}"#
    private static let bodyLimitBytes = 1 << 20

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/v2/bot/message/push") { request, _ in try await self.handle(.push, request, userId: nil) }
        router.post("/v2/bot/message/reply") { request, _ in try await self.handle(.reply, request, userId: nil) }
        router.get("/v2/bot/profile/:userId") { request, context in
            try await self.handle(.profile, request, userId: context.parameters.get("userId"))
        }
        router.post("/oauth2/v2.1/verify") { request, _ in try await self.handle(.verify, request, userId: nil) }
        return router
    }

    private func handle(_ endpoint: Endpoint, _ request: Request, userId: String?) async throws -> Response {
        let buffer = try await request.body.collect(upTo: Self.bodyLimitBytes)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let recorded = RecordedRequest(
            endpoint: endpoint,
            arrivedAt: .now,
            wallTime: Date(),
            method: request.method.rawValue,
            path: request.uri.path,
            headers: headers,
            body: Array(buffer.readableBytesView)
        )
        let step: Scripted? = state.withLock { state in
            state.requests.append(recorded)
            if let next = state.scripts[endpoint]?.first {
                state.scripts[endpoint]?.removeFirst()
                return next
            }
            switch state.behaviours[endpoint] ?? .normal {
            case .normal: return nil
            case .delayed(let delay): return .stall(delay)
            case .always(let scripted): return scripted
            }
        }
        if let step {
            guard case .stall(let delay) = step else { return Self.answer(step) }
            try? await Task.sleep(for: delay)
        }
        switch endpoint {
        case .push: return push(recorded)
        case .reply: return reply(recorded)
        case .profile: return profile(recorded, userId: userId ?? "")
        case .verify: return verify(recorded)
        }
    }

    private func isAuthorized(_ request: RecordedRequest) -> Bool {
        guard let value = request.authorization, value.hasPrefix("Bearer ") else { return false }
        let token = String(value.dropFirst("Bearer ".count))
        return state.withLock { $0.channelTokens.contains(token) }
    }

    private func push(_ request: RecordedRequest) -> Response {
        guard isAuthorized(request) else { return Self.json(401, Self.authenticationFailed) }
        guard let body = request.json, let to = body["to"] as? String, !to.isEmpty,
            let messages = body["messages"] as? [Any], (1...5).contains(messages.count)
        else { return Self.json(400, #"{"message":"The request body has 1 error(s)"}"#) }
        let messageCount = messages.count
        let retryKey = request.retryKey
        if let retryKey, UUID(uuidString: retryKey) == nil {
            return Self.json(400, #"{"message":"The value for the 'X-Line-Retry-Key' header is invalid"}"#)
        }
        return state.withLock { state in
            if let retryKey, let accepted = state.acceptedRetryKeys[retryKey] {
                let body = Self.encode([
                    "message": "The retry key is already accepted",
                    "sentMessages": Self.sentMessages(accepted.sentMessageIds),
                ])
                return Self.json(409, body, headers: ["x-line-accepted-request-id": accepted.requestId])
            }
            let ids = (0..<messageCount).map { _ in Self.nextId(&state) }
            let requestId = UUID().uuidString.lowercased()
            if let retryKey { state.acceptedRetryKeys[retryKey] = Accepted(requestId: requestId, sentMessageIds: ids) }
            let body = Self.encode(["sentMessages": Self.sentMessages(ids)])
            return Self.json(200, body, headers: ["x-line-request-id": requestId])
        }
    }

    private func reply(_ request: RecordedRequest) -> Response {
        guard isAuthorized(request) else { return Self.json(401, Self.authenticationFailed) }
        guard request.retryKey == nil else {
            return Self.json(400, #"{"message":"The retry key is not supported for this API"}"#)
        }
        guard let body = request.json, let token = body["replyToken"] as? String, !token.isEmpty,
            let messages = body["messages"] as? [Any], (1...5).contains(messages.count)
        else { return Self.json(400, #"{"message":"The request body has 1 error(s)"}"#) }
        let messageCount = messages.count
        return state.withLock { state in
            guard state.usedReplyTokens.insert(token).inserted else {
                return Self.json(400, #"{"message":"Invalid reply token"}"#)
            }
            let ids = (0..<messageCount).map { _ in Self.nextId(&state) }
            return Self.json(200, Self.encode(["sentMessages": Self.sentMessages(ids)]))
        }
    }

    private func profile(_ request: RecordedRequest, userId: String) -> Response {
        guard isAuthorized(request) else { return Self.json(401, Self.authenticationFailed) }
        guard let profile = state.withLock({ $0.profiles[userId] }) else {
            return Self.json(404, #"{"message":"Not found"}"#)
        }
        var object: [String: Any] = ["userId": userId, "displayName": profile.displayName, "language": "zh-TW"]
        if let picture = profile.pictureURL { object["pictureUrl"] = picture }
        return Self.json(200, Self.encode(object))
    }

    private func verify(_ request: RecordedRequest) -> Response {
        let form = Self.form(request.body)
        let invalid = { (description: String) in
            Self.json(400, Self.encode(["error": "invalid_request", "error_description": description]))
        }
        guard let idToken = form["id_token"], let clientId = form["client_id"] else {
            return invalid("Invalid IdToken.")
        }
        guard let claims = state.withLock({ $0.idTokens[idToken] }) else { return invalid("Invalid IdToken.") }
        guard claims.aud == clientId else { return invalid("Invalid IdToken Audience.") }
        guard claims.exp > Int64(Date().timeIntervalSince1970) else { return invalid("IdToken expired.") }
        var object: [String: Any] = [
            "iss": "https://access.line.me", "sub": claims.sub, "aud": claims.aud, "exp": claims.exp,
            "iat": claims.iat, "amr": ["linesso"], "name": claims.name,
        ]
        if let picture = claims.picture { object["picture"] = picture }
        return Self.json(200, Self.encode(object))
    }

    private static func answer(_ scripted: Scripted) -> Response {
        switch scripted {
        case .status(let code, let json, let headers): return Self.json(code, json, headers: headers)
        case .rateLimited(let seconds):
            let headers = seconds.map { ["Retry-After": String($0)] } ?? [:]
            return json(429, #"{"message":"The API rate limit has been exceeded. Try again later."}"#, headers: headers)
        case .monthlyLimitReached: return json(429, #"{"message":"You have reached your monthly limit."}"#)
        case .serverError: return json(500, #"{"message":"An error occurred in the server."}"#)
        case .unauthorized: return json(401, authenticationFailed)
        case .badRequest(let message): return json(400, encode(["message": message]))
        case .stall: preconditionFailure("a stall is handled before answering")
        }
    }

    private static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        for (name, value) in headers {
            guard let name = HTTPField.Name(name) else { preconditionFailure("bad header name \(name)") }
            fields[name] = value
        }
        return Response(
            status: .init(code: status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }

    private static func encode(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            preconditionFailure("the fake built an object JSONSerialization cannot write")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func sentMessages(_ ids: [String]) -> [[String: String]] {
        ids.map { ["id": $0, "quoteToken": "q" + String($0.reversed())] }
    }

    private static func nextId(_ state: inout State) -> String {
        state.nextId += 1
        return String(state.nextId)
    }

    private static func form(_ body: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }
}
