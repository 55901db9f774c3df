import Testing

@testable import Server

@Suite("LINE push outcome classification")
struct LinePushOutcomeTests {
    @Test(
        "status, Retry-After and body map to outcomes",
        arguments: [
            (200, nil, "{}", LinePushOutcome.accepted),
            (409, nil, #"{"message":"The retry key is already accepted"}"#, .alreadyAccepted),
            (
                429, "30", #"{"message":"The API rate limit has been exceeded. Try again later."}"#,
                .rateLimited(retryAfter: .seconds(30))
            ),
            (429, "Wed, 21 Oct 2026 07:28:00 GMT", "{}", .rateLimited(retryAfter: nil)),
            (429, "-5", "{}", .rateLimited(retryAfter: nil)),
            (429, "60", #"{"message":"You have reached your monthly limit."}"#, .monthlyLimitReached),
            (401, nil, "{}", .unauthorized(status: 401)),
            (403, nil, "{}", .unauthorized(status: 403)),
            (500, nil, "{}", .serverError(status: 500)),
            (502, nil, "<html>", .serverError(status: 502)),
            (
                400, nil, #"{"message":"The request body has 1 error(s)","details":[]}"#,
                .rejected(status: 400, message: "The request body has 1 error(s)")
            ),
            (413, nil, "", .rejected(status: 413, message: "HTTP 413")),
        ] as [(Int, String?, String, LinePushOutcome)]
    )
    func classify(status: Int, retryAfter: String?, body: String, expected: LinePushOutcome) {
        let outcome = LinePushOutcome.classify(
            status: status, retryAfterHeader: retryAfter, body: Array(body.utf8), redacting: "tok")
        #expect(outcome == expected)
    }

    @Test("long messages are capped")
    func capped() {
        let body = #"{"message":"\#(String(repeating: "x", count: 1_000))"}"#
        guard
            case .rejected(_, let message) = LinePushOutcome.classify(
                status: 400, retryAfterHeader: nil, body: Array(body.utf8), redacting: "tok")
        else {
            Issue.record("not a rejection")
            return
        }
        #expect(message.count <= LinePushOutcome.messageLengthMax + 1)
    }
}
