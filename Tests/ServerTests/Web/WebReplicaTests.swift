import Core
import Foundation
import Testing

@testable import Server

@Suite("Booking pages on a follower")
struct WebReplicaTests {
    @Test("a follower's pages refuse writes with a page pointing at the leader's booking page; the leader's do not")
    func followerRefusesWrites() async throws {
        let (engine, _) = BookingEngine.inMemory()
        let now = Instant(secondsSinceEpoch: 1_800_000_000)
        let merchant = try await engine.createMerchant(
            MerchantDraft(name: "Replica"), CommandContext(now: now, origin: .system)
        ).get()
        let web = { (role: NodeRole) in
            CustomerWeb(
                engine: engine, configuration: WebConfiguration(), clock: { now }, role: role,
                templates: try WebTemplates.load(), assets: StaticAssets.load(), catalog: try MessageCatalog.load())
        }
        let follower = try web(NodeRole(.follower(leaderURL: "http://leader.example:8080")))
        let visit = CustomerWeb.Visit(
            merchant: merchant, texts: follower.catalog.texts(acceptLanguage: "en", salonLanguage: nil), session: nil,
            now: now)
        let refusal = try #require(follower.readOnlyRefusal(visit))
        #expect(refusal.response.status == .serviceUnavailable)
        let html = follower.templates.render(
            MessagePage(
                chrome: follower.chrome(visit), title: "503", text: visit.texts["read_only"],
                link: "http://leader.example:8080/book/\(merchant.id)", linkText: nil), "message")
        #expect(html.contains("read-only replica") && html.contains("http://leader.example:8080/book/\(merchant.id)"))
        #expect(try web(NodeRole(.leader)).readOnlyRefusal(visit) == nil)
    }
}
