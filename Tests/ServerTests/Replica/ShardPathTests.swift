import Testing

@testable import Server

/// Which salon a request is about, for the shard map's redirect.
@Suite("Shard paths")
struct ShardPathTests {
    @Test("the salon of API, booking-page and webhook paths; none elsewhere")
    func merchantIDs() {
        #expect(ShardMiddleware.merchantID(in: "/v1/merchants/mer_1") == "mer_1")
        #expect(ShardMiddleware.merchantID(in: "/v1/merchants/mer_1/bookings/bkg_2") == "mer_1")
        #expect(ShardMiddleware.merchantID(in: "/book/mer_1") == "mer_1")
        #expect(ShardMiddleware.merchantID(in: "/book/mer_1/bookings") == "mer_1")
        #expect(ShardMiddleware.merchantID(in: "/line/webhook/mer_1") == "mer_1")
        for path in ["/v1/merchants", "/v1/admin/promote", "/health", "/office/calendar", "/book", "/", ""] {
            #expect(ShardMiddleware.merchantID(in: path) == nil, "\(path)")
        }
    }

    @Test("a redirect to the group's leader keeps the path and query; no leader: a retryable 503")
    func answers() {
        let redirect = ShardMiddleware.elsewhere("http://10.0.0.2:8080", group: "east", "/book/mer_1", query: "d=1")
        #expect(redirect.status == .temporaryRedirect)
        #expect(redirect.headers[.location] == "http://10.0.0.2:8080/book/mer_1?d=1")
        let none = ShardMiddleware.elsewhere(nil, group: "east", "/book/mer_1", query: nil)
        #expect(none.status == .serviceUnavailable && none.headers[.retryAfter] == "1")
    }
}
