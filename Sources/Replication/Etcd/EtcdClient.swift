import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// etcd's v3 API through its JSON gateway (`POST /v3/...` with base64 keys and values), on the HTTP client the
/// project already uses: no gRPC. Each call tries the endpoints in turn, starting with the one that answered last,
/// and gives up on one after `timeout`; an etcd error answer is not retried on another member (it is the cluster's
/// answer). Only what failover and the shard map need: leases, reads, and transactions.
public struct EtcdClient: Sendable {
    /// The members' client URLs, e.g. `http://10.0.0.1:2379`.
    public let endpoints: [String]
    let client: HTTPClient
    /// How long one request to one member may take.
    let timeout: Duration
    private let preferred = PreferredEndpoint()

    /// A client of the cluster at `endpoints` (at least one `http(s)://host:port`).
    public init(endpoints: [String], client: HTTPClient = .shared, timeout: Duration = .seconds(1)) {
        precondition(!endpoints.isEmpty, "an etcd client needs an endpoint")
        self.endpoints = endpoints.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.client = client
        self.timeout = timeout
    }

    /// Grants a lease of `ttlSeconds`.
    public func grantLease(ttlSeconds: Int) async throws(EtcdError) -> EtcdLease {
        let answer = try await call("/v3/lease/grant", ["TTL": ttlSeconds])
        guard let id = Self.int64(answer["ID"]), let ttl = Self.int64(answer["TTL"]), ttl > 0 else {
            throw EtcdError(.malformed, "lease grant without an id or TTL")
        }
        return EtcdLease(id: id, ttlSeconds: Int(ttl))
    }

    /// Renews a lease once; returns its TTL in seconds, or nil when it expired (or was revoked) already.
    public func keepAlive(_ lease: Int64) async throws(EtcdError) -> Int? {
        let answer = try await call("/v3/lease/keepalive", ["ID": String(lease)])
        guard let result = answer["result"] as? [String: Any] else {
            throw EtcdError(.malformed, "keepalive without a result")
        }
        let ttl = Self.int64(result["TTL"]) ?? 0
        return ttl > 0 ? Int(ttl) : nil
    }

    /// Revokes a lease: its keys vanish at once. A lease that is gone already is not an error.
    public func revoke(_ lease: Int64) async throws(EtcdError) {
        do {
            _ = try await call("/v3/lease/revoke", ["ID": String(lease)])
        } catch let error where error.kind == .refused(status: 404) || error.message.contains("lease not found") {
            return
        }
    }

    /// The key, or nil when it does not exist.
    public func get(_ key: String) async throws(EtcdError) -> EtcdKeyValue? {
        try await read(key).value
    }

    /// The key (nil when it does not exist) and the cluster's revision when it was read: every change after the
    /// read has a higher revision.
    public func read(_ key: String) async throws(EtcdError) -> (value: EtcdKeyValue?, revision: Int64) {
        let answer = try await call("/v3/kv/range", ["key": Self.base64(key)])
        let revision = Self.int64((answer["header"] as? [String: Any])?["revision"]) ?? 0
        return (try Self.keyValues(answer).first, revision)
    }

    /// Every key that starts with `prefix`.
    public func list(prefix: String) async throws(EtcdError) -> [EtcdKeyValue] {
        let answer = try await call(
            "/v3/kv/range", ["key": Self.base64(prefix), "range_end": Self.base64(Self.prefixEnd(prefix))])
        return try Self.keyValues(answer)
    }

    /// Sets a key (attached to `lease`, 0: none).
    public func put(_ key: String, value: [UInt8], lease: Int64 = 0) async throws(EtcdError) {
        _ = try await call("/v3/kv/put", Self.putBody(key, value: value, lease: lease))
    }

    /// Runs `operations` if every condition holds; true when they ran. One atomic step of the cluster.
    public func transaction(if conditions: [EtcdCondition], then operations: [EtcdOperation])
        async throws(EtcdError) -> Bool
    {
        let compare: [[String: Any]] = conditions.map { condition in
            switch condition {
            case .absent(let key):
                return ["key": Self.base64(key), "result": "EQUAL", "target": "CREATE", "create_revision": "0"]
            case .modRevision(let key, let revision):
                return ["key": Self.base64(key), "result": "EQUAL", "target": "MOD", "mod_revision": String(revision)]
            }
        }
        let success: [[String: Any]] = operations.map { operation in
            switch operation {
            case .put(let key, let value, let lease):
                return ["request_put": Self.putBody(key, value: value, lease: lease)]
            case .delete(let key): return ["request_delete_range": ["key": Self.base64(key)]]
            }
        }
        let answer = try await call("/v3/kv/txn", ["compare": compare, "success": success])
        return (answer["succeeded"] as? Bool) ?? false
    }

    // MARK: - The wire

    /// POSTs `body` to `path` on the members in turn until one answers; returns its JSON object.
    private func call(_ path: String, _ body: [String: Any]) async throws(EtcdError) -> [String: Any] {
        guard let bytes = try? JSONSerialization.data(withJSONObject: body) else {
            preconditionFailure("an etcd request body that does not encode")
        }
        let first = preferred.index
        var lastError = EtcdError(.unreachable, "no endpoint")
        for offset in 0..<endpoints.count {
            let index = (first + offset) % endpoints.count
            var request = HTTPClientRequest(url: endpoints[index] + path)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: bytes))
            let status: Int
            let answer: [UInt8]
            do {
                let response = try await client.execute(request, deadline: .now() + .nanoseconds(timeout.nanoseconds))
                status = Int(response.status.code)
                answer = Array(try await response.body.collect(upTo: 4 * 1024 * 1024).readableBytesView)
            } catch {
                lastError = EtcdError(.unreachable, "\(endpoints[index]): \(error)")
                continue
            }
            preferred.index = index
            let json = (try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any]
            guard status == 200, let json, json["error"] == nil else {
                let message = (json?["message"] as? String) ?? "HTTP \(status)"
                throw EtcdError(.refused(status: status), "\(path): \(message)")
            }
            return json
        }
        throw lastError
    }

    static func putBody(_ key: String, value: [UInt8], lease: Int64) -> [String: Any] {
        var body: [String: Any] = ["key": base64(key), "value": Data(value).base64EncodedString()]
        if lease != 0 { body["lease"] = String(lease) }
        return body
    }

    static func keyValues(_ answer: [String: Any]) throws(EtcdError) -> [EtcdKeyValue] {
        guard let kvs = answer["kvs"] as? [[String: Any]] else { return [] }
        var result: [EtcdKeyValue] = []
        for kv in kvs {
            guard let key = (kv["key"] as? String).flatMap({ Data(base64Encoded: $0) }),
                let text = String(bytes: key, encoding: .utf8)
            else { throw EtcdError(.malformed, "a key that is not base64 UTF-8") }
            let value = (kv["value"] as? String).flatMap { Data(base64Encoded: $0) } ?? Data()
            result.append(
                EtcdKeyValue(
                    key: text, value: Array(value), createRevision: int64(kv["create_revision"]) ?? 0,
                    modRevision: int64(kv["mod_revision"]) ?? 0, lease: int64(kv["lease"]) ?? 0))
        }
        return result
    }

    /// The gateway writes 64-bit integers as strings; accepts numbers too.
    static func int64(_ value: Any?) -> Int64? {
        if let text = value as? String { return Int64(text) }
        if let number = value as? NSNumber { return number.int64Value }
        return nil
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// The first key after every key that starts with `prefix` (etcd's `range_end` for a prefix).
    static func prefixEnd(_ prefix: String) -> String {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last < 0x7F {
                bytes[bytes.count - 1] = last + 1
                return String(decoding: bytes, as: UTF8.self)
            }
            bytes.removeLast()
        }
        return "\0"
    }
}

/// The endpoint that answered last, tried first next time.
private final class PreferredEndpoint: Sendable {
    private let value = Mutex(0)
    var index: Int {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
