import Core
import Foundation
import Testing

@testable import Server

@Suite("Back-office LINE settings")
struct OfficeLineSettingsTests {
    static let secret = "0123456789abcdef0123456789abcdef"
    static let token = "long-lived-token/with+symbols=WXYZ"

    @Test("the owner stores the credentials once; they are sealed, never shown again (the token's last 4 only)")
    func credentialsAreWriteOnly() async throws {
        try await OfficeWorld.with { world in
            let owner = try await world.account(.owner, login: "owner")
            let empty = try await owner.get("/office/line")
            #expect(empty.status == 200 && empty.html.contains(#"id="line-webhook""#))
            let csrf = try #require(empty.csrf)
            // A first channel needs all three credentials.
            let partial = try await owner.post(
                "/office/line", ["_csrf": csrf, "channelId": "2000000001", "channelSecret": Self.secret])
            #expect(partial.status == 422)
            #expect(world.server.node.engine.lineChannel(of: world.merchantID) == nil)
            let saved = try await owner.post(
                "/office/line",
                [
                    "_csrf": csrf, "channelId": "2000000001", "channelSecret": Self.secret,
                    "channelAccessToken": Self.token, "liffId": "2000000002-AbCdEfGh", "reminders": "1440, 60",
                    "monthlyPushLimit": "500", "keywords": "預約，booking, 約", "language": "en",
                    "template_reminder": "See you at {time}, {customer}!",
                ])
            #expect(saved.status == 303 && saved.location == "/office/line?saved=1")
            let channel = try #require(world.server.node.engine.lineChannel(of: world.merchantID))
            #expect(channel.channelID == "2000000001" && channel.accessTokenLast4 == "WXYZ")
            let ownerID = try #require(
                world.server.node.engine.account(LoginKey(isOperator: false, login: "owner"))?.id)
            #expect(channel.updatedBy == Origin(author: .user(ownerID), channel: .backOffice))
            #expect(channel.liffID == "2000000002-AbCdEfGh" && channel.loginChannelID == nil)
            #expect(channel.settings.reminderOffsetsMinutes == [1440, 60] && channel.settings.monthlyPushLimit == 500)
            #expect(channel.settings.bookingKeywords == ["預約", "booking", "約"] && channel.settings.language == "en")
            #expect(channel.settings.templates == ["reminder": "See you at {time}, {customer}!"])
            #expect(!channel.sealedSecret.isEmpty && !channel.sealedAccessToken.isEmpty)
            #expect(!String(decoding: channel.sealedAccessToken, as: UTF8.self).contains(Self.token))
            let page = try await owner.get("/office/line?saved=1")
            #expect(page.html.contains(#"id="line-updated""#) && page.html.contains("· owner</p>"))
            #expect(page.html.contains(#"id="line-saved""#) && page.html.contains("…WXYZ"))
            #expect(!page.html.contains(Self.secret) && !page.html.contains("long-lived-token"))
            #expect(page.html.contains("See you at {time}, {customer}!"))
            #expect(page.html.contains(#"<dd id="line-quota">0 / 500</dd>"#))
            // The log holds no credential in clear either.
            let log = try Self.logBytes(world.server.directory)
            #expect(log.range(of: Data(Self.secret.utf8)) == nil && log.range(of: Data(Self.token.utf8)) == nil)
            // Blank credential fields keep what is stored; a new token alone is sealed with the old secret.
            let kept = try await owner.post(
                "/office/line",
                [
                    "_csrf": csrf, "channelId": "2000000001", "reminders": "120", "monthlyPushLimit": "500",
                    "language": "zh-TW", "channelAccessToken": "another-token-1234",
                ])
            #expect(kept.status == 303)
            let after = try #require(world.server.node.engine.lineChannel(of: world.merchantID))
            #expect(after.accessTokenLast4 == "1234" && after.settings.reminderOffsetsMinutes == [120])
            #expect(after.liffID == nil && after.settings.templates.isEmpty)
            var line = LineConfiguration()
            try line.setMasterKey(LineWorld.masterKey)
            let opened = try #require(LineCredentials(secretBox: line.secretBox).open(after))
            #expect(opened.secret == Self.secret && opened.accessToken == "another-token-1234")
            // The API shows the same channel.
            let api = try await world.salon.call("GET", "/line-channel")
            #expect(api.json?["accessTokenLast4"]?.string == "1234")
            #expect(world.server.node.engine.lineChannel(of: world.merchantID)?.updatedBy?.channel == .backOffice)
            _ = try await world.salon.call("PATCH", "/line-channel", #"{"monthlyPushLimit":300}"#)
            #expect(world.server.node.engine.lineChannel(of: world.merchantID)?.updatedBy?.channel == .api)
        }
    }

    @Test("bad numbers and refused settings answer 422 with the reason; nothing is stored")
    func refusals() async throws {
        try await OfficeWorld.with { world in
            let owner = try await world.account(.owner, login: "owner")
            let csrf = try #require(try await owner.get("/office/line").csrf)
            let base = [
                "_csrf": csrf, "channelId": "2000000001", "channelSecret": Self.secret,
                "channelAccessToken": Self.token,
            ]
            let words = try await owner.post("/office/line", base.merging(["reminders": "a day"]) { $1 })
            #expect(words.status == 422 && words.html.contains(#"role="alert""#))
            let tooMany = try await owner.post("/office/line", base.merging(["reminders": "1,2,3,4,5"]) { $1 })
            #expect(tooMany.status == 422)
            let language = try await owner.post("/office/line", base.merging(["language": "xx"]) { $1 })
            #expect(language.status == 422)
            #expect(world.server.node.engine.lineChannel(of: world.merchantID) == nil)
        }
    }

    @Test("without a master key the page says so and stores nothing")
    func noMasterKey() async throws {
        try await OfficeWorld.with(masterKey: false) { world in
            let owner = try await world.account(.owner, login: "owner")
            let page = try await owner.get("/office/line")
            #expect(page.html.contains("NAILBOOK_MASTER_KEY"))
            let refused = try await owner.post(
                "/office/line",
                [
                    "_csrf": try #require(page.csrf), "channelId": "2000000001", "channelSecret": Self.secret,
                    "channelAccessToken": Self.token,
                ])
            #expect(refused.status == 422 && refused.html.contains("NAILBOOK_MASTER_KEY"))
            #expect(world.server.node.engine.lineChannel(of: world.merchantID) == nil)
        }
    }

    /// Every log segment's bytes (LZ4 may leave short strings readable; a sealed secret never is).
    static func logBytes(_ directory: String) throws -> Data {
        let folder = directory + "/wal"
        var all = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            all += try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return all
    }
}
