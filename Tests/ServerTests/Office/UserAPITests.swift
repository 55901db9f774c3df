import Core
import Foundation
import Testing

@testable import Server

@Suite("Back-office users through the API")
struct UserAPITests {
    @Test("an invite made with the merchant's key makes a user; the list never shows a hash; removal ends the session")
    func inviteListRemove() async throws {
        try await OfficeWorld.with { world in
            let invite = try await world.salon.call(
                "POST", "/invites", #"{"role":"staff","staffId":"\#(world.salon.staffID)"}"#)
            #expect(invite.status == 201 && invite.header("X-Nailbook-LSN") != nil)
            let url = try #require(invite.json?["url"]?.string)
            let base = "http://127.0.0.1:\(world.server.port)"
            #expect(url.hasPrefix(base + "/office/invite/"))
            let path = String(url.dropFirst(base.count))
            let client = world.client()
            let made = try await client.post(
                path, ["login": "mei", "displayName": "小美", "password": "0123456789", "password2": "0123456789"])
            #expect(made.status == 303)
            let users = try await world.salon.call("GET", "/users")
            let body = String(decoding: users.body, as: UTF8.self)
            #expect(users.status == 200 && body.contains(#""role":"staff""#) && !body.contains("$2"))
            let id = try #require(users.json?["users"]?[0]?["id"]?.string)
            #expect(try await client.get("/office").status == 200)
            #expect(try await world.salon.call("DELETE", "/users/\(id)").status == 204)
            #expect(try await client.get("/office").status == 303)
            #expect(try await world.salon.call("DELETE", "/users/\(id)").status == 404)
        }
    }

    @Test("bad roles and staff links are refused with validation_failed; another salon's user is not found")
    func refusals() async throws {
        try await OfficeWorld.with { world in
            for body in [
                #"{"role":"operator"}"#, #"{"role":"boss"}"#, #"{"role":"staff"}"#,
                #"{"role":"owner","staffId":"\#(world.salon.staffID)"}"#, #"{"role":"staff","staffId":"nope"}"#,
            ] {
                let answer = try await world.salon.call("POST", "/invites", body)
                #expect(answer.status == 400 && answer.json?["code"]?.string == "validation_failed", "\(body)")
            }
            let other = try await APISalon.make(world.server)
            let invite = try await other.call("POST", "/invites", #"{"role":"owner"}"#)
            #expect(invite.status == 201)
            #expect(try await world.salon.call("DELETE", "/users/usr_0000000000001").status == 404)
        }
    }
}
