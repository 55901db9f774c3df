import Core
import Foundation
import Testing

@testable import Server

@Suite("Back-office sign-in and sessions")
struct OfficeSignInTests {
    @Test("an invite link makes an owner who lands on Today; the link then is used up")
    func inviteMakesOwner() async throws {
        try await OfficeWorld.with { world in
            let client = world.client()
            let path = try await world.invitePath(role: .owner)
            let made = try await client.post(
                path,
                ["login": "Mei@Example.tw", "displayName": "小美", "password": "0123456789", "password2": "0123456789"])
            #expect(made.status == 303 && made.location == "/office")
            let today = try await client.get("/office")
            #expect(today.status == 200 && today.html.contains("小美美甲") && today.html.contains("figure-revenue"))
            let account = try #require(
                world.server.node.engine.account(LoginKey(isOperator: false, login: "mei@example.tw")))
            #expect(account.role == .owner && account.passwordHash.hasPrefix("$2"))
            let again = try await world.client().get(path)
            #expect(again.status == 404)
        }
    }

    @Test("a short password, differing passwords and a taken name are said on the form")
    func inviteFormErrors() async throws {
        try await OfficeWorld.with { world in
            _ = try await world.account(.owner, login: "owner")
            let client = world.client()
            let path = try await world.invitePath(role: .manager)
            let short = try await client.post(
                path, ["login": "m", "displayName": "M", "password": "short", "password2": "short"])
            #expect(short.status == 422 && short.html.contains("10"))
            let differ = try await client.post(
                path, ["login": "m", "displayName": "M", "password": "0123456789", "password2": "0123456780"])
            #expect(differ.status == 422)
            let taken = try await client.post(
                path, ["login": "OWNER", "displayName": "M", "password": "0123456789", "password2": "0123456789"])
            #expect(taken.status == 422)
            let cross = try await client.post(
                path, ["login": "m", "displayName": "M", "password": "0123456789", "password2": "0123456789"],
                origin: "https://evil.example")
            #expect(cross.status == 403)
        }
    }

    @Test("sign-in with the right password works; wrong ones lock the name after five tries, whether or not it exists")
    func lockout() async throws {
        try await OfficeWorld.with { world in
            _ = try await world.account(.owner, login: "owner", password: "right password 1")
            let client = world.client()
            let good = try await client.post("/office/signin", ["login": "owner", "password": "right password 1"])
            #expect(good.status == 303 && good.location == "/office")
            for _ in 0..<5 {
                let wrong = try await client.post("/office/signin", ["login": "owner", "password": "wrong password"])
                #expect(wrong.status == 401 && wrong.html.contains("signin-error"))
            }
            let locked = try await client.post("/office/signin", ["login": "owner", "password": "right password 1"])
            #expect(locked.status == 429)
            var unknownAnswers: [Int] = []
            for _ in 0..<6 {
                unknownAnswers.append(
                    try await client.post("/office/signin", ["login": "nobody", "password": "wrong password"]).status)
            }
            #expect(unknownAnswers == [401, 401, 401, 401, 401, 429])
            world.server.clock.advance(seconds: SignInThrottle.lockSeconds)
            let later = try await client.post("/office/signin", ["login": "owner", "password": "right password 1"])
            #expect(later.status == 303)
        }
    }

    @Test("a new password ends the account's sessions; a removed account's session is gone too")
    func passwordChangeEndsSessions() async throws {
        try await OfficeWorld.with { world in
            let owner = try await world.account(.owner, login: "owner")
            let manager = try await world.account(.manager, login: "manager")
            #expect(try await owner.get("/office").status == 200)
            let engine = world.server.node.engine
            let id = try #require(engine.account(LoginKey(isOperator: false, login: "owner"))?.id)
            let context = CommandContext(now: world.server.clock.now, origin: .system)
            _ = try await engine.updateAccount(id, context) { $0.passwordHash = "$2b$10$replaced" }.get()
            let after = try await owner.get("/office")
            #expect(after.status == 303 && after.location == "/office/signin")
            let managerID = try #require(engine.account(LoginKey(isOperator: false, login: "manager"))?.id)
            #expect(try await manager.get("/office").status == 200)
            _ = try await engine.updateAccount(managerID, context) { $0.removed = true }.get()
            #expect(try await manager.get("/office").status == 303)
        }
    }

    @Test("a session survives a restart of the node (same data folder and session key)")
    func sessionSurvivesRestart() async throws {
        let directory = TestServer.temporaryDirectory()
        var web = WebConfiguration()
        web.sessionKey = Array(repeating: 42, count: 32)
        let first = try await TestServer.start(directory: directory, web: web)
        let salon = try await APISalon.make(first)
        let world = OfficeWorld(server: first, salon: salon, web: web)
        let owner = try await world.account(.owner, login: "owner")
        #expect(try await owner.get("/office/calendar").status == 200)
        await first.stop()
        let second = try await TestServer.start(directory: directory, web: web)
        let stranger = WebClient(port: second.port)
        let page = try await stranger.get("/office")
        #expect(page.status == 303)
        let cookie = try #require(owner.sessionCookie)
        let again = WebClient(port: second.port)
        let today = try await again.get("/office", headers: ["Cookie": cookie])
        #expect(today.status == 200 && today.html.contains("小美美甲"))
        await world.clients.shutdown()
        for client in [stranger, again] { try? await client.shutdown() }
        await second.stop()
    }

    @Test("the admin token signs in to the console, which makes a salon and its owner's invite link")
    func consoleMakesSalon() async throws {
        try await OfficeWorld.with { world in
            let admin = world.client()
            #expect(try await admin.get("/admin").location == "/admin/signin")
            let wrong = try await admin.post("/admin/signin", ["token": "not the token"])
            #expect(wrong.status == 401)
            let signedIn = try await admin.post("/admin/signin", ["token": world.server.adminToken])
            #expect(signedIn.status == 303)
            let console = try await admin.get("/admin")
            #expect(console.status == 200 && console.html.contains("小美美甲"))
            let csrf = try #require(console.csrf)
            let noToken = try await admin.post("/admin/salons", ["name": "Nail Tokyo", "timeZone": "Asia/Tokyo"])
            #expect(noToken.status == 403)
            let made = try await admin.post(
                "/admin/salons", ["_csrf": csrf, "name": "Nail Tokyo", "timeZone": "Asia/Tokyo"])
            #expect(made.status == 200 && made.html.contains("Nail Tokyo"))
            let link = try #require(
                WebClient.attribute(after: #"id="invite-link" type="text" readonly value=""#, in: made.html))
            let path = String(link[try #require(link.range(of: "/office/invite/")).lowerBound...])
            let owner = world.client()
            let done = try await owner.post(
                path, ["login": "aiko", "displayName": "Aiko", "password": "0123456789", "password2": "0123456789"])
            #expect(done.status == 303)
            let today = try await owner.get("/office")
            #expect(today.status == 200 && today.html.contains("Nail Tokyo"))
            // The office cookie does not open the console, nor the console's the office.
            #expect(try await owner.get("/admin").status == 303)
            #expect(try await admin.get("/office").status == 303)
        }
    }

    @Test("the owner invites staff from the Users page and removes them; a manager may not open Users")
    func usersPage() async throws {
        try await OfficeWorld.with { world in
            let owner = try await world.account(.owner, login: "owner")
            let manager = try await world.account(.manager, login: "manager")
            #expect(try await manager.get("/office/users").status == 403)
            let users = try await owner.get("/office/users")
            #expect(users.status == 200 && users.html.contains("manager"))
            let invited = try await owner.post(
                "/office/users/invites",
                ["_csrf": try #require(users.csrf), "role": "staff", "staffId": world.salon.staffID])
            let link = try #require(
                WebClient.attribute(after: #"id="invite-link" type="text" readonly value=""#, in: invited.html))
            let path = String(link[try #require(link.range(of: "/office/invite/")).lowerBound...])
            let staff = world.client()
            let made = try await staff.post(
                path, ["login": "mei", "displayName": "小美", "password": "0123456789", "password2": "0123456789"])
            #expect(made.status == 303)
            #expect(try await staff.get("/office").status == 200)
            let account = try #require(world.server.node.engine.account(LoginKey(isOperator: false, login: "mei")))
            #expect(account.role == .staff && account.staffID?.description == world.salon.staffID)
            let removed = try await owner.post(
                "/office/users/\(account.id)/remove", ["_csrf": try #require(users.csrf)])
            #expect(removed.status == 303)
            #expect(try await staff.get("/office").status == 303)
        }
    }

    @Test("changing one's password keeps this browser signed in and ends the other sessions")
    func changePassword() async throws {
        try await OfficeWorld.with { world in
            let here = try await world.account(.owner, login: "owner", password: "first password")
            let elsewhere = world.client()
            #expect(
                try await elsewhere.post("/office/signin", ["login": "owner", "password": "first password"]).status
                    == 303)
            let form = try await here.get("/office/password")
            let csrf = try #require(form.csrf)
            let wrong = try await here.post(
                "/office/password",
                [
                    "_csrf": csrf, "current": "nope nope nope", "password": "second password",
                    "password2": "second password",
                ])
            #expect(wrong.status == 422)
            let done = try await here.post(
                "/office/password",
                [
                    "_csrf": csrf, "current": "first password", "password": "second password",
                    "password2": "second password",
                ])
            #expect(done.status == 200 && done.html.contains("password-changed"))
            #expect(try await here.get("/office").status == 200)
            #expect(try await elsewhere.get("/office").status == 303)
            let fresh = world.client()
            #expect(
                try await fresh.post("/office/signin", ["login": "owner", "password": "first password"]).status == 401)
            #expect(
                try await fresh.post("/office/signin", ["login": "owner", "password": "second password"]).status == 303)
        }
    }
}
