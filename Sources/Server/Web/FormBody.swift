import Foundation
import Hummingbird
import NIOCore

/// An `application/x-www-form-urlencoded` body (what the pages' forms post).
struct FormBody: Sendable {
    var fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    /// Reads at most `limit` bytes; a larger body is refused with 413.
    static func read(_ request: Request, limit: Int) async throws -> FormBody {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Problem(
                .contentTooLarge, code: "payload_too_large", detail: "form bodies are limited to \(limit) bytes")
        }
        return FormBody(fields: parse(String(buffer: buffer)))
    }

    /// Parses `a=1&b=x+y`; the first of repeated names wins.
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            let value = parts.count > 1 ? decode(parts[1]) ?? "" : ""
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
