import Foundation
import Testing

@testable import Server

/// LINE channels over the API and the signed webhook, against the fake LINE server.
@Suite("LINE channels and webhooks", .serialized)
struct LineChannelAndWebhookTests {
    @Test func aChannelNeedsTheMasterKeyAndItsSecretsNeverComeBackOrReachTheDisk() async throws {
        try await TestServer.with { server in
            let salon = try await APISalon.make(server)
            let refused = try await salon.call(
                "PUT", "/line-channel", #"{"channelId":"1","channelSecret":"s","channelAccessToken":"t"}"#)
            #expect(refused.status == 503 && refused.json?["code"]?.string == "master_key_missing")
        }
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server)
            let secret = "5ec7e7c0ffee5ec7e7c0ffee5ec7e7c0"
            let token = "TOKEN-a1b2c3d4e5f6-very-secret-XYZ9"
            let stored = try await world.connect(salon, token: token, secret: secret, settings: #""liffId":"1657-ab""#)
            let text = String(decoding: stored.body, as: UTF8.self)
            #expect(!text.contains(secret) && !text.contains(token))
            #expect(stored.json?["accessTokenLast4"]?.string == "XYZ9")
            #expect(stored.json?["state"]?.string == "ok")
            #expect(stored.json?["bookingUrl"]?.string == "https://liff.line.me/1657-ab")
            #expect(stored.json?["webhookUrl"]?.string == "https://nailbook.example/line/webhook/\(salon.merchantID)")
            #expect(stored.json?["quota"]?["limit"]?.int == 200)
            let read = try await salon.call("GET", "/line-channel")
            #expect(read.status == 200 && read.body == stored.body)
            // Neither the log nor a snapshot holds the secrets in clear.
            _ = try world.server.node.takeSnapshot()
            let files = FileManager.default.enumerator(atPath: world.server.directory)?.allObjects as? [String]
            var scanned = 0
            for file in files ?? [] {
                guard let data = FileManager.default.contents(atPath: world.server.directory + "/" + file)
                else { continue }
                scanned += data.count
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(file) holds the channel secret")
                #expect(data.range(of: Data(token.utf8)) == nil, "\(file) holds the access token")
            }
            #expect(scanned > 0)
            let patched = try await salon.call(
                "PATCH", "/line-channel", #"{"reminderOffsetsMinutes":[60],"language":"en"}"#)
            #expect(patched.json?["reminderOffsetsMinutes"]?.array == [.number(60)])
            #expect(patched.json?["accessTokenLast4"]?.string == "XYZ9")
            let bad = try await salon.call("PATCH", "/line-channel", #"{"reminderOffsetsMinutes":[1]}"#)
            #expect(bad.status == 400 && bad.json?["field"]?.string == "reminderOffsetsMinutes")
        }
    }

    @Test func aBadOrMissingSignatureIsRefusedAndCounted() async throws {
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server)
            try await world.connect(salon, token: "tok-sig")
            let body = LineWorld.event("follow", id: "01SIG", user: "Usig")
            let tampered = body.replacingOccurrences(of: "Usig", with: "Uevil")
            var answers = [
                try await world.webhook(salon.merchantID, body: body, secret: "ffffffffffffffffffffffffffffffff")
            ]
            answers.append(try await world.webhook(salon.merchantID, body: body, secret: nil))
            var headers = [
                "X-Line-Signature": LineSignature.signature(
                    body: Array(body.utf8), channelSecret: "0123456789abcdef0123456789abcdef")
            ]
            answers.append(
                try await world.server.call(
                    "POST", "/line/webhook/\(salon.merchantID)", body: tampered, headers: headers))
            headers["X-Line-Signature"] = "not base64 at all"
            answers.append(
                try await world.server.call("POST", "/line/webhook/\(salon.merchantID)", body: body, headers: headers))
            for answer in answers {
                #expect(answer.status == 401 && answer.json?["code"]?.string == "invalid_signature")
            }
            let metrics = String(decoding: try await world.server.call("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains("line_webhook_signature_failures_total 4"))
            // Nothing was processed: no customer, no profile lookup, no reply.
            let customers = try await salon.call("GET", "/customers?lineUserId=Usig")
            #expect(customers.json?["customers"]?.array?.isEmpty == true)
            #expect(world.fake.requests.isEmpty)
            let good = try await world.webhook(salon.merchantID, body: body)
            #expect(good.status == 200)
        }
    }

    @Test func aFollowCreatesTheCustomerAndWelcomesThemOnceEvenWhenRedelivered() async throws {
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server)
            try await world.connect(salon, token: "tok-follow")
            world.fake.registerProfile(userId: "Unew", displayName: "林小姐")
            let body = LineWorld.event("follow", id: "01FOLLOW", user: "Unew")
            #expect(try await world.webhook(salon.merchantID, body: body).status == 200)
            try await world.eventually("the welcome is replied") { !world.fake.requests(to: .reply).isEmpty }
            let redelivered = body.replacingOccurrences(of: #""isRedelivery":false"#, with: #""isRedelivery":true"#)
            #expect(try await world.webhook(salon.merchantID, body: redelivered).status == 200)
            #expect(try await world.webhook(salon.merchantID, body: body).status == 200)
            try await world.eventually("both redeliveries are seen") {
                let metrics = String(decoding: try await world.server.call("GET", "/metrics").body, as: UTF8.self)
                return metrics.contains(#"line_webhook_events_total{type="duplicate"} 2"#)
            }
            let customers = try await salon.call("GET", "/customers?lineUserId=Unew")
            #expect(customers.json?["customers"]?[0]?["displayName"]?.string == "林小姐")
            let replies = world.fake.requests(to: .reply)
            #expect(replies.count == 1)
            let text = String(decoding: replies.first?.body ?? [], as: UTF8.self)
            #expect(text.contains("https://nailbook.example/book/\(salon.merchantID)"), "\(text)")
            #expect(world.fake.requests(to: .profile).count == 1)
            #expect(replies.first?.authorization == "Bearer tok-follow")
        }
    }

    @Test func unfollowStopsPushesAndTheBookingKeywordListsUpcomingBookings() async throws {
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server)
            try await world.connect(salon, token: "tok-kw")
            let user = try #require(
                try await salon.call("GET", "/customers/\(salon.customerID)").json?["lineUserId"]?.string)
            #expect(try await salon.call("POST", "/bookings", salon.bookingBody("11:00")).status == 201)
            let message = LineWorld.event(
                "message", id: "01MSG", user: user, extra: #","message":{"id":"1","type":"text","text":"我想預約"}"#)
            #expect(try await world.webhook(salon.merchantID, body: message).status == 200)
            try await world.eventually("the bookings are replied") { !world.fake.requests(to: .reply).isEmpty }
            let reply = String(decoding: world.fake.requests(to: .reply)[0].body, as: UTF8.self)
            #expect(reply.contains("carousel") && reply.contains("action=cancel&bookingId="), "\(reply)")
            let unfollow = LineWorld.event("unfollow", id: "01UNF", user: user, replyToken: nil)
            #expect(try await world.webhook(salon.merchantID, body: unfollow).status == 200)
            try await world.eventually("pending reminders are withdrawn") {
                let pending = try await world.notifications(salon, "?status=pending")
                return pending.isEmpty
            }
            let pushesBefore = world.fake.requests(to: .push).count
            #expect(try await salon.call("POST", "/bookings", salon.bookingBody("15:00")).status == 201)
            try await Task.sleep(for: .milliseconds(300))
            #expect(world.fake.requests(to: .push).count == pushesBefore)
        }
    }

    @Test func postbacksConfirmAttendanceAndCancelWithinTheDeadline() async throws {
        try await LineWorld.with { world in
            let salon = try await APISalon.make(world.server, settings: #""cancelDeadlineMinutes":1440"#)
            try await world.connect(salon, token: "tok-pb")
            let user = try #require(
                try await salon.call("GET", "/customers/\(salon.customerID)").json?["lineUserId"]?.string)
            let booking = try #require(
                try await salon.call("POST", "/bookings", salon.bookingBody("11:00")).json?["id"]?.string)
            func postback(_ id: String, _ action: String) -> String {
                LineWorld.event(
                    "postback", id: id, user: user,
                    extra: #","postback":{"data":"action=\#(action)&bookingId=\#(booking)"}"#)
            }
            #expect(try await world.webhook(salon.merchantID, body: postback("01PB1", "confirm")).status == 200)
            try await world.eventually("attendance is recorded") {
                let history = try await salon.call("GET", "/bookings/\(booking)/history")
                return String(decoding: history.body, as: UTF8.self).contains("attendance_confirmed")
            }
            #expect(try await world.webhook(salon.merchantID, body: postback("01PB2", "cancel")).status == 200)
            try await world.eventually("the booking is cancelled") {
                try await salon.call("GET", "/bookings/\(booking)").json?["status"]?.string == "cancelled"
            }
            try await world.eventually("the cancellation is pushed") {
                try await world.notifications(salon, "?status=sent").contains { $0["kind"]?.string == "cancellation" }
            }
            // Past the deadline a customer cannot cancel from LINE.
            let late = try #require(
                try await salon.call("POST", "/bookings", salon.bookingBody("16:00")).json?["id"]?.string)
            world.server.clock.advance(seconds: 4 * 86_400)  // now after the appointment day began
            let tooLate = LineWorld.event(
                "postback", id: "01PB3", user: user, extra: #","postback":{"data":"action=cancel&bookingId=\#(late)"}"#)
            #expect(try await world.webhook(salon.merchantID, body: tooLate).status == 200)
            try await world.eventually("the refusal is replied") { world.fake.requests(to: .reply).count == 3 }
            #expect(try await salon.call("GET", "/bookings/\(late)").json?["status"]?.string == "confirmed")
        }
    }
}
