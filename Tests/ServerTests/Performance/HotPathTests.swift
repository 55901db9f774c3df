import Core
import Foundation
import Testing

@testable import Server

/// The hot path's hand-written scans against the plain (slow) definitions they replace.
@Suite("Hot path")
struct HotPathTests {
    /// The definition `PathMiddleware.isCanonical` had before it became a byte scan.
    static func canonicalModel(_ path: Substring) -> Bool {
        guard path.first == "/" else { return false }
        if path == "/" { return true }
        for segment in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { return false }
            let decoded = segment.lowercased().replacingOccurrences(of: "%2e", with: ".")
            if decoded == "." || decoded == ".." { return false }
        }
        return true
    }

    @Test("the path scan agrees with its definition on chosen and random paths")
    func pathScan() {
        let chosen = [
            "/", "", "v1", "/v1/merchants", "//v1", "/v1/", "/v1//x", "/v1/./x", "/v1/../x", "/v1/.../x", "/v1/.x",
            "/v1/x.", "/%2e", "/%2E%2e", "/%2e%2e%2e", "/%2ex", "/%2", "/%", "/a/%2E/b", "/a/.%2e", "/./", "/..",
            "/名前/予約", "/v1/merchants/mer_1/bookings",
        ]
        for path in chosen {
            #expect(PathMiddleware.isCanonical(path[...]) == Self.canonicalModel(path[...]), "\(path)")
        }
        let alphabet: [Character] = ["/", ".", "%", "2", "e", "E", "a", "予"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...9, using: &generator)
            let path = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(PathMiddleware.isCanonical(path[...]) == Self.canonicalModel(path[...]), "\(path)")
        }
    }

    /// The booking body through the fast path, or nil when it falls back.
    static func fast(_ body: String) -> BookingRoutes.CreateBody? {
        Array(body.utf8).withUnsafeBytes { FlatJSONObject.parse($0).flatMap(BookingRoutes.CreateBody.init(flat:)) }
    }

    /// The booking body through the general path (hygiene and `JSONDecoder`), or nil when it answers an error.
    static func general(_ body: String) -> BookingRoutes.CreateBody? {
        try? RequestBody.decode(BookingRoutes.CreateBody.self, buffer: .init(string: body), emptyIsObject: false)
    }

    static func same(_ a: BookingRoutes.CreateBody, _ b: BookingRoutes.CreateBody) -> Bool {
        a.serviceId == b.serviceId && a.staffId == b.staffId && a.items == nil && b.items == nil
            && a.parallel == b.parallel && a.startsAt == b.startsAt && a.customerId == b.customerId
            && a.holdId == b.holdId && a.note == b.note && a.allowOutsideWorkingHours == b.allowOutsideWorkingHours
    }

    @Test("a booking body takes the fast path and reads as the general decoder reads it")
    func bookingBodyFastPath() throws {
        let body =
            #"{"serviceId":"svc_1","staffId":"stf_2","customerId":"cus_3","startsAt":"2026-12-24T10:00:00+08:00"}"#
        let fast = try #require(Self.fast(body))
        let general = try #require(Self.general(body))
        #expect(Self.same(fast, general) && fast.serviceId == "svc_1" && fast.note == nil)
    }

    @Test("on random bodies, whatever the fast path accepts the general decoder reads the same")
    func fastPathAgreesWithDecoder() {
        let keys = [
            "serviceId", "staffId", "items", "parallel", "startsAt", "customerId", "holdId", "note",
            "allowOutsideWorkingHours", "extra", "",
        ]
        let values = [
            #""svc_1""#, #""2026-12-01T10:00:00+08:00""#, "true", "false", "null", "1", "[]", "{}", #""a\u0041""#,
            #""é""#, #""""#, "tru", "nul", "\"tab\tin\"",
        ]
        let spaces = ["", " ", "\n", "\t"]
        var generator = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...7, using: &generator)
            // Mostly the two required members, so that many bodies are complete enough to decode.
            var members = [(#""startsAt""#, #""2026-12-01T10:00:00+08:00""#), (#""customerId""#, #""cus_1""#)]
                .filter { _ in Int.random(in: 0..<8, using: &generator) > 0 }
            for _ in 0..<count {
                members.append(
                    ("\"" + keys.randomElement(using: &generator)! + "\"", values.randomElement(using: &generator)!))
            }
            members.shuffle(using: &generator)
            let space = { spaces.randomElement(using: &generator)! }
            let body =
                space() + "{"
                + members.map { space() + $0.0 + space() + ":" + space() + $0.1 + space() }
                .joined(separator: ",") + "}" + space()
            guard let fast = Self.fast(body) else { continue }
            accepted += 1
            let general = Self.general(body)
            #expect(general.map { Self.same(fast, $0) } == true, "\(body)")
        }
        #expect(accepted > 1_000, "the fast path took too few bodies to say anything: \(accepted)")
    }

    @Test("strings written in runs read back the same through JSONSerialization")
    func writerEscapes() throws {
        let pieces = ["plain", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{7F}", "予約", "é", "/", "💅", ""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            var writer = JSONWriter()
            writer.array { $0.string(text) }
            let parsed = try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String]
            #expect(parsed == [text], "\(text.debugDescription) → \(String(decoding: writer.bytes, as: UTF8.self))")
        }
    }

    @Test("timestamps and identifiers written straight into the buffer read as their text")
    func writerTimesAndIDs() throws {
        let zone = try #require(ZoneRules(identifier: "Asia/Taipei"))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let instant = Instant(
                secondsSinceEpoch: Int64.random(in: -5_000_000_000...5_000_000_000, using: &generator))
            let id = try #require(BookingID(BookingID(UInt64.random(in: 1..<(1 << 63), using: &generator)).description))
            var writer = JSONWriter()
            writer.object { json in
                json.time("at", instant, zone)
                json.id("id", id)
                json.id("none", BookingID?.none)
            }
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
            #expect(parsed["at"] as? String == RFC3339.format(instant, in: zone))
            #expect(parsed["id"] as? String == id.description && parsed["none"] is NSNull)
        }
    }
}
