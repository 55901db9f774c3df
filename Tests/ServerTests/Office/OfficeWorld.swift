import Core
import Foundation
import Synchronization
import Testing

@testable import Server

/// A server, a salon made over the API, and helpers to make back-office accounts through invite links.
struct OfficeWorld: Sendable {
    let server: TestServer
    let salon: APISalon
    let web: WebConfiguration
    /// Every client made, shut down when the world ends.
    let clients = Clients()

    final class Clients: Sendable {
        private let made = Mutex<[WebClient]>([])
        func add(_ client: WebClient) -> WebClient {
            made.withLock { $0.append(client) }
            return client
        }
        func shutdown() async {
            for client in made.withLock({ $0 }) { try? await client.shutdown() }
        }
    }

    /// A new browser-like client, shut down with the world.
    func client() -> WebClient { clients.add(WebClient(port: server.port)) }

    /// A world whose server has a master key (LINE credentials and second factors can be stored) unless
    /// `masterKey` is false.
    static func with(
        directory: String = TestServer.temporaryDirectory(), masterKey: Bool = true,
        _ body: (OfficeWorld) async throws -> Void
    ) async throws {
        let web = WebConfiguration()
        var line = LineConfiguration()
        if masterKey { try line.setMasterKey(LineWorld.masterKey) }
        let server = try await TestServer.start(directory: directory, line: line, web: web)
        var world: OfficeWorld?
        do {
            let salon = try await APISalon.make(server)
            world = OfficeWorld(server: server, salon: salon, web: web)
            try await body(world!)
        } catch {
            await world?.clients.shutdown()
            await server.stop()
            throw error
        }
        await world?.clients.shutdown()
        await server.stop()
    }

    var merchantID: MerchantID { MerchantID(salon.merchantID)! }

    /// An invite link's path for the salon (made through the engine, as the console does).
    func invitePath(role: UserRole, staffID: String? = nil) async throws -> String {
        let (token, _) = InviteLinks.make(baseURL: "http://x", operator: role == .platformOperator)
        _ = try await server.node.engine.createInvite(
            merchantID: role == .platformOperator ? nil : merchantID, role: role,
            staffID: staffID.flatMap { StaffID($0) }, digest: OfficeWeb.inviteDigest(token),
            CommandContext(now: server.clock.now, origin: .system)
        ).get()
        return (role == .platformOperator ? "/admin/invite/" : "/office/invite/") + token
    }

    /// A signed-in client of a new account with `role`, made through an invite link's form.
    func account(
        _ role: UserRole, login: String, password: String = "correct horse battery", staffID: String? = nil
    ) async throws -> WebClient {
        let client = client()
        let path = try await invitePath(role: role, staffID: staffID)
        let form = try await client.get(path)
        try #require(form.status == 200, "invite page: \(form.status)")
        let made = try await client.post(
            path, ["login": login, "displayName": login, "password": password, "password2": password])
        try #require(made.status == 303, "account: \(made.status) \(made.html)")
        return client
    }
}
