extension BookingEngine {
    /// Records an invite (the caller keeps the link's token and passes only its SHA-256 digest).
    public func createInvite(
        merchantID: MerchantID?, role: UserRole, staffID: StaffID?, digest: [UInt8], _ context: CommandContext
    ) async throws(DurabilityError) -> Result<Invite, Rejection> {
        guard digest.count == Invite.digestLength else { return .failure(.invalid("digest", "not a SHA-256 digest")) }
        guard (merchantID == nil) == (role == .platformOperator) else {
            return .failure(.invalid("role", "operators belong to no salon, every other role to one"))
        }
        if let merchantID, merchant(merchantID) == nil { return .failure(.notFound("merchant")) }
        if let rejection = checkStaffLink(staffID, role: role, merchantID: merchantID) { return .failure(rejection) }
        let invite = Invite(
            id: InviteID(ids.next()), merchantID: merchantID, role: role, staffID: staffID, digest: digest,
            createdBy: context.origin.author, createdAt: context.now,
            expiresAt: context.now + Invite.lifetimeSeconds)
        return try await committing(invite, .inviteCreated(invite))
    }

    /// The invite whose token has this digest, whatever its state.
    public func invite(digest: [UInt8]) -> Invite? { store.read { $0.accounts.invite(digest: digest) } }

    /// Makes an account from an open invite; the invite is used up by the same log record.
    public func redeemInvite(
        digest: [UInt8], login: String, displayName: String, passwordHash: String, _ context: CommandContext
    ) async throws(DurabilityError) -> Result<UserAccount, Rejection> {
        guard let invite = invite(digest: digest), invite.isOpen(at: context.now) else {
            return .failure(Rejection(.notFound, "the invite link is unknown, used or expired"))
        }
        if let rejection = Self.checkNames(login: login, displayName: displayName) { return .failure(rejection) }
        let account = UserAccount(
            id: UserID(ids.next()), merchantID: invite.merchantID, role: invite.role, login: login.lowercased(),
            displayName: displayName, staffID: invite.staffID, passwordHash: passwordHash, createdAt: context.now)
        let key = LoginKey(of: account)
        return try await claiming([.invite(invite.id), .login(key)]) {
            () async throws(DurabilityError) -> Result<UserAccount, Rejection> in
            // Checked again under the claims: a concurrent redemption or a taken name turns this one away.
            guard self.invite(digest: digest)?.redeemedBy == nil else {
                return .failure(Rejection(.notFound, "the invite link is unknown, used or expired"))
            }
            if self.account(key) != nil {
                return .failure(Rejection(.duplicate, "this sign-in name is taken", field: "login"))
            }
            return try await self.committing(account, .userAccountCreated(account, invite: invite.id))
        }
    }

    /// Changes an account (`change` edits a copy; its id, salon, sign-in name and creation stay); a new password
    /// hash, a new second factor or a removal raises its credential version, which ends its sessions.
    public func updateAccount(
        _ id: UserID, _ context: CommandContext, _ change: (inout UserAccount) -> Void
    ) async throws(DurabilityError) -> Result<UserAccount, Rejection> {
        try await claiming([.account(id)]) { () async throws(DurabilityError) -> Result<UserAccount, Rejection> in
            guard let previous = self.store.read({ $0.accounts.accounts[id] }), !previous.removed else {
                return .failure(.notFound("user"))
            }
            var account = previous
            change(&account)
            account.id = previous.id
            account.merchantID = previous.merchantID
            account.createdAt = previous.createdAt
            account.login = previous.login
            guard account != previous else { return .success(previous) }
            if let rejection = Self.checkNames(login: account.login, displayName: account.displayName) {
                return .failure(rejection)
            }
            if account.role.isSalonRole != previous.role.isSalonRole {
                return .failure(.invalid("role", "an operator stays an operator, a salon user a salon user"))
            }
            if let rejection = self.checkStaffLink(account.staffID, role: account.role, merchantID: account.merchantID)
            {
                return .failure(rejection)
            }
            if account.passwordHash != previous.passwordHash || account.removed
                || account.sealedTOTPSecret != previous.sealedTOTPSecret
            {
                account.credentialVersion = previous.credentialVersion + 1
            }
            return try await self.committing(account, .userAccountUpdated(account))
        }
    }

    /// The live account with this sign-in name in its scope.
    public func account(_ key: LoginKey) -> UserAccount? { store.read { $0.accounts.account(key) } }

    /// An account by id (removed ones included).
    public func account(_ id: UserID) -> UserAccount? { store.read { $0.accounts.accounts[id] } }

    /// The live accounts of a salon (nil: the platform operators), in id order.
    public func accounts(of merchantID: MerchantID?) -> [UserAccount] {
        store.read { $0.accounts.accounts(of: merchantID) }
    }

    /// A staff account must name one of its salon's technicians; other roles name none.
    private func checkStaffLink(_ staffID: StaffID?, role: UserRole, merchantID: MerchantID?) -> Rejection? {
        guard let staffID else {
            return role == .staff ? .invalid("staffId", "a staff account sees one technician's column") : nil
        }
        guard role == .staff else { return .invalid("staffId", "only a staff account is tied to a technician") }
        guard let staff = store.read({ $0.catalog.staff[staffID] }), staff.merchantID == merchantID else {
            return .notFound("staff")
        }
        return nil
    }

    private static func checkNames(login: String, displayName: String) -> Rejection? {
        guard !login.isEmpty, login.count <= UserAccount.maxNameLength,
            !login.contains(where: { $0.isWhitespace || $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true })
        else { return .invalid("login", "a sign-in name is 1 to 120 characters without spaces") }
        guard displayName.contains(where: { !$0.isWhitespace }), displayName.count <= UserAccount.maxNameLength,
            !displayName.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true })
        else { return .invalid("displayName", "a name is 1 to 120 characters on one line") }
        return nil
    }

    /// Runs `body` while holding every claim; a claim another request holds turns this one away.
    private func claiming<Value>(
        _ claims: [AccountClaim], _ body: () async throws(DurabilityError) -> Result<Value, Rejection>
    ) async throws(DurabilityError) -> Result<Value, Rejection> {
        let taken = accountClaims.withLock { held -> Bool in
            guard claims.allSatisfy({ !held.contains($0) }) else { return false }
            held.formUnion(claims)
            return true
        }
        guard taken else {
            return .failure(Rejection(.concurrentModification, "another request is changing this account"))
        }
        defer { accountClaims.withLock { $0.subtract(claims) } }
        return try await body()
    }
}

/// What an account change holds while it is checked and logged, so two concurrent changes cannot both pass.
enum AccountClaim: Hashable, Sendable {
    case invite(InviteID)
    case login(LoginKey)
    case account(UserID)
}
