import Testing

@testable import Core

@Suite("Salon user accounts and invites")
struct AccountTests {
    static func digest(_ seed: UInt8) -> [UInt8] {
        (0..<32).map { UInt8(truncatingIfNeeded: Int($0) * 31 + Int(seed)) }
    }
    static let admin = CommandContext(now: Salon.now, origin: Origin(author: .admin, channel: .adminConsole))

    static func owner(of salon: Salon, login: String = "mei@example.tw") async throws -> UserAccount {
        _ = try await salon.engine.createInvite(
            merchantID: salon.merchant.id, role: .owner, staffID: nil, digest: digest(1), admin
        ).get()
        return try await salon.engine.redeemInvite(
            digest: digest(1), login: login, displayName: "小美", passwordHash: "$2b$10$hash", admin
        ).get()
    }

    @Test("an invite makes one account; it is used up, and the account is found by its sign-in name in any case")
    func inviteMakesOneAccount() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let account = try await Self.owner(of: salon, login: "Mei@Example.TW")
        #expect(account.login == "mei@example.tw" && account.role == .owner && account.merchantID == salon.merchant.id)
        #expect(salon.engine.account(LoginKey(isOperator: false, login: "MEI@example.tw"))?.id == account.id)
        #expect(salon.engine.invite(digest: Self.digest(1))?.redeemedBy == account.id)
        let again = try await salon.engine.redeemInvite(
            digest: Self.digest(1), login: "other", displayName: "x", passwordHash: "h", Self.admin)
        #expect(again.failureCode == .notFound)
        #expect(salon.engine.accounts(of: salon.merchant.id).map(\.id) == [account.id])
        #expect(salon.engine.accounts(of: nil).isEmpty)
    }

    @Test("an expired invite, a taken sign-in name and a staff invite without a technician are refused")
    func refusals() async throws {
        let salon = try await Salon.make(staffCount: 1)
        _ = try await Self.owner(of: salon)
        _ = try await salon.engine.createInvite(
            merchantID: salon.merchant.id, role: .manager, staffID: nil, digest: Self.digest(2), Self.admin
        ).get()
        let taken = try await salon.engine.redeemInvite(
            digest: Self.digest(2), login: "MEI@example.tw", displayName: "x", passwordHash: "h", Self.admin)
        #expect(taken.failureCode == .duplicate)
        var late = Self.admin
        late.now = Salon.now + Invite.lifetimeSeconds
        let expired = try await salon.engine.redeemInvite(
            digest: Self.digest(2), login: "ann", displayName: "Ann", passwordHash: "h", late)
        #expect(expired.failureCode == .notFound)
        let noTechnician = try await salon.engine.createInvite(
            merchantID: salon.merchant.id, role: .staff, staffID: nil, digest: Self.digest(3), Self.admin)
        #expect(noTechnician.failureCode == .validationFailed)
        let operatorOfSalon = try await salon.engine.createInvite(
            merchantID: salon.merchant.id, role: .platformOperator, staffID: nil, digest: Self.digest(4), Self.admin)
        #expect(operatorOfSalon.failureCode == .validationFailed)
        let spaces = try await salon.engine.redeemInvite(
            digest: Self.digest(2), login: "a b", displayName: "x", passwordHash: "h", Self.admin)
        #expect(spaces.failureCode == .validationFailed)
    }

    @Test("a new password or a removal raises the credential version; a removed account frees its name")
    func credentialVersion() async throws {
        let salon = try await Salon.make(staffCount: 1)
        let account = try await Self.owner(of: salon)
        let renamed = try await salon.engine.updateAccount(account.id, Self.admin) { $0.displayName = "Mei" }.get()
        #expect(renamed.credentialVersion == account.credentialVersion)
        let changed = try await salon.engine.updateAccount(account.id, Self.admin) { $0.passwordHash = "$2b$new" }
            .get()
        #expect(changed.credentialVersion == account.credentialVersion + 1)
        let removed = try await salon.engine.updateAccount(account.id, Self.admin) { $0.removed = true }.get()
        #expect(removed.credentialVersion == changed.credentialVersion + 1)
        #expect(salon.engine.account(LoginKey(isOperator: false, login: account.login)) == nil)
        #expect(salon.engine.account(account.id)?.removed == true)
        let gone = try await salon.engine.updateAccount(account.id, Self.admin) { $0.displayName = "again" }
        #expect(gone.failureCode == .notFound)
    }

    @Test("ten concurrent redemptions of one invite make exactly one account")
    func concurrentRedemption() async throws {
        let salon = try await Salon.make(staffCount: 1)
        _ = try await salon.engine.createInvite(
            merchantID: salon.merchant.id, role: .owner, staffID: nil, digest: Self.digest(9), Self.admin
        ).get()
        let engine = salon.engine
        let made = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<10 {
                group.addTask {
                    let result = try await engine.redeemInvite(
                        digest: Self.digest(9), login: "user\(index)", displayName: "U", passwordHash: "h", Self.admin)
                    return (try? result.get()) != nil
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(made == 1)
        #expect(engine.accounts(of: salon.merchant.id).count == 1)
    }

    @Test("accounts and invites survive a snapshot and a replay with the same digest")
    func snapshotAndReplay() async throws {
        let salon = try await Salon.make(staffCount: 1, keepsEvents: true)
        let account = try await Self.owner(of: salon)
        _ = try await salon.engine.updateAccount(account.id, Self.admin) { $0.passwordHash = "$2b$other" }.get()
        _ = try await salon.engine.createInvite(
            merchantID: salon.merchant.id, role: .staff, staffID: salon.staff[0].id, digest: Self.digest(5),
            Self.admin
        ).get()
        _ = try await salon.engine.createInvite(
            merchantID: nil, role: .platformOperator, staffID: nil, digest: Self.digest(6), Self.admin
        ).get()
        let live = salon.engine.store.snapshot()
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(live))
        #expect(decoded.digest() == live.digest())
        #expect(decoded.accounts.account(LoginKey(isOperator: false, login: account.login))?.id == account.id)
        #expect(try ReplayTests.replay(salon.log.events).digest() == live.digest())
        #expect(live.largestID() >= account.id.rawValue)
        var changed = live.accounts.accounts[account.id]!
        changed.credentialVersion += 1
        var events = salon.log.events
        events.append(.userAccountUpdated(changed))
        #expect(try ReplayTests.replay(events).digest() != live.digest())
    }
}

extension Result where Failure == Rejection {
    /// The rejection's code, nil on success.
    var failureCode: Rejection.Code? {
        if case .failure(let rejection) = self { return rejection.code }
        return nil
    }
}
