extension AccountBook {
    /// Mixes every account and invite, in id order, into a state digest.
    func digest(into hasher: inout StableHasher) {
        for account in accounts.values.sorted(by: { $0.id < $1.id }) {
            hasher.combine(account.id)
            hasher.combine(account.merchantID) { $0.combine($1) }
            hasher.combine(Int(account.role.rawValue))
            hasher.combine(account.login)
            hasher.combine(account.displayName)
            hasher.combine(account.staffID) { $0.combine($1) }
            hasher.combine(account.passwordHash)
            hasher.combine(account.sealedTOTPSecret) { hasher, bytes in
                hasher.combine(bytes.count)
                for byte in bytes { hasher.combine(UInt64(byte)) }
            }
            hasher.combine(account.credentialVersion)
            hasher.combine(account.removed)
            hasher.combine(account.createdAt)
        }
        for invite in invites.values.sorted(by: { $0.id < $1.id }) {
            hasher.combine(invite.id)
            hasher.combine(invite.merchantID) { $0.combine($1) }
            hasher.combine(Int(invite.role.rawValue))
            hasher.combine(invite.staffID) { $0.combine($1) }
            for byte in invite.digest { hasher.combine(UInt64(byte)) }
            hasher.combine(Int(invite.createdBy.kind.rawValue))
            hasher.combine(invite.createdBy.id)
            hasher.combine(invite.createdAt)
            hasher.combine(invite.expiresAt)
            hasher.combine(invite.redeemedBy) { $0.combine($1) }
        }
    }
}
