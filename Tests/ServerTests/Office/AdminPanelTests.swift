import AsyncHTTPClient
import Core
import Foundation
import NIOCore
import Testing

@testable import Server

@Suite("Admin console: the node and LINE across salons")
struct AdminPanelTests {
    @Test("the node panel shows role, LSNs, fsync p99, disk, snapshot, and a follower streaming with its lag")
    func nodePanel() async throws {
        try await OfficeWorld.with { world in
            let admin = world.client()
            _ = try await admin.post("/admin/signin", ["token": world.server.adminToken])
            let page = try await admin.get("/admin/node")
            #expect(page.status == 200)
            let applied = world.server.node.engine.store.appliedLSN
            #expect(page.html.contains(#"<dd id="node-applied">\#(applied)</dd>"#))
            #expect(page.html.contains(#"<dd id="node-durable">\#(applied)</dd>"#))
            #expect(page.html.contains(#"id="node-fsync">"#) && page.html.contains(" ms ("))
            #expect(page.html.contains(#"id="node-disk">"#) && page.html.contains(" GB ("))
            #expect(page.html.contains(#"id="node-epoch">0<"#) && page.html.contains(#"id="no-followers""#))
            // A follower's stream, as a follower opens it.
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(world.server.port)/v1/replication/stream?from=1")
            request.headers.add(name: "Authorization", value: "Bearer \(world.server.adminToken)")
            let response = try await client.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            var body = response.body.makeAsyncIterator()
            _ = try await body.next()
            var listed = try await admin.get("/admin/node")
            for _ in 0..<50 where !listed.html.contains("<td>\(applied)</td>") {
                try await Task.sleep(for: .milliseconds(20))
                listed = try await admin.get("/admin/node")
            }
            #expect(listed.html.contains(#"<table class="list" id="followers">"#))
            #expect(listed.html.contains("<td>127.0.0.1</td>") && listed.html.contains("<td>\(applied)</td><td>0</td>"))
            try await client.shutdown()
            // Salon users have no way in.
            let owner = try await world.account(.owner, login: "owner")
            #expect(try await owner.get("/admin/node").location == "/admin/signin")
        }
    }

    @Test("the LINE panel counts failed and parked pushes per salon, refused tokens and quota")
    func linePanel() async throws {
        try await OfficeWorld.with { world in
            let engine = world.server.node.engine
            let channel = LineChannel(
                merchantID: world.merchantID, channelID: "2000000001", sealedSecret: [1], sealedAccessToken: [2],
                accessTokenLast4: "abcd", liffID: nil, state: .tokenInvalid,
                settings: MessagingSettings(monthlyPushLimit: 10), updatedAt: world.server.clock.now)
            _ = try await engine.storeLineChannel(channel).get()
            _ = try await OfficeCalendarTests.book(world, "11:00")
            let notification = try #require(
                engine.notifications(NotificationQuery(merchantID: world.merchantID)).first?.0)
            _ = try await engine.recordDeliveries(
                [NotificationOutcome(id: notification.id, result: .failed(error: "LINE answered 400: <bad> user"))],
                at: world.server.clock.now)
            let admin = world.client()
            _ = try await admin.post("/admin/signin", ["token": world.server.adminToken])
            let page = try await admin.get("/admin/line")
            #expect(page.status == 200)
            #expect(page.html.contains(#"<dd id="line-failed-total">1</dd>"#))
            #expect(page.html.contains(#"<dd id="line-refused-total">1</dd>"#))
            #expect(page.html.contains("LINE answered 400: &lt;bad&gt; user") && page.html.contains("0 / 10"))
        }
    }
}
