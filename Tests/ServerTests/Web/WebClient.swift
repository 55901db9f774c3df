import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// A browser-like client for the pages: keeps the session cookie, sends Origin on posts, never follows redirects.
final class WebClient: Sendable {
    struct Page: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var html: String
        func header(_ name: String) -> String? { headers.first(name: name) }
        var location: String? { header("Location") }
        /// The value of a hidden `_csrf` field on the page.
        var csrf: String? { WebClient.attribute(after: #"name="_csrf" value=""#, in: html) }
    }

    let base: String
    let client: HTTPClient
    private let cookie = Mutex<String?>(nil)

    init(port: Int) {
        base = "http://127.0.0.1:\(port)"
        client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
    }

    func shutdown() async throws { try await client.shutdown() }

    var sessionCookie: String? { cookie.withLock { $0 } }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Page {
        try await send("GET", path, body: nil, headers: headers)
    }

    /// Posts a form; `origin` nil leaves the header out.
    func post(_ path: String, _ fields: [String: String], origin: String? = "same", headers: [String: String] = [:])
        async throws -> Page
    {
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        if let origin { all["Origin"] = origin == "same" ? base : origin }
        let body = fields.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send("POST", path, body: body, headers: all)
    }

    private func send(_ method: String, _ path: String, body: String?, headers: [String: String]) async throws -> Page {
        var request = HTTPClientRequest(url: base + path)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let cookie = sessionCookie { request.headers.add(name: "Cookie", value: cookie) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        if let set = response.headers.first(name: "Set-Cookie"), let pair = set.split(separator: ";").first {
            cookie.withLock { $0 = String(pair) }
        }
        return Page(status: Int(response.status.code), headers: response.headers, html: String(buffer: bytes))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The text after `prefix` up to the next `end` (a quote unless told).
    static func attribute(after prefix: String, in html: String, end: Character = "\"") -> String? {
        guard let range = html.range(of: prefix) else { return nil }
        let rest = html[range.upperBound...]
        guard let stop = rest.firstIndex(of: end) else { return nil }
        return String(rest[..<stop])
    }

    /// Every value of `name="slot" value="…"` on a page.
    static func slots(in html: String) -> [String] {
        html.components(separatedBy: #"name="slot" value=""#).dropFirst().compactMap {
            $0.split(separator: "\"").first.map(String.init)
        }
    }
}
